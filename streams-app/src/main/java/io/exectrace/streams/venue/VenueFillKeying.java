package io.exectrace.streams.venue;

import io.exectrace.events.VenueFill;
import io.exectrace.events.VenueFillResult;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A valid venue fill, keyed by its venue order id, stamped with its arrival: the wall clock when the pipeline reads
 * it, the clock {@code reconciliation.window} runs on (our side is stamped the same way, {@link OurOrderEvents}).
 */
public final class VenueFillKeying implements Processor<byte[], ParsedVenueFill, String, ReconciliationInput> {
    private ProcessorContext<String, ReconciliationInput> context;

    @Override
    public void init(final ProcessorContext<String, ReconciliationInput> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], ParsedVenueFill> record) {
        final VenueFill fill = ((VenueFillResult.Valid) record.value().result()).fill();
        context.forward(new Record<>(fill.venueOrderId(),
                ReconciliationInput.venue(fill, context.currentSystemTimeMs()), record.timestamp()));
    }
}
