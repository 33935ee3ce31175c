package io.exectrace.streams.venue;

import io.exectrace.events.VenueFillResult;
import io.exectrace.streams.deadletter.DlqHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * An invalid venue-fills record back to its raw bytes for {@code venue-fills-dlq}, with the pipeline's dead-letter
 * headers ({@link DlqHeaders}: reason, detail, source topic, partition, offset and timestamp), as the main input's
 * dead letters carry them; the reason is a {@code VenueFillErrorReason} label, as {@code produce venue-fills} writes.
 */
public final class VenueFillDeadLetter implements FixedKeyProcessor<byte[], ParsedVenueFill, byte[]> {
    private FixedKeyProcessorContext<byte[], byte[]> context;

    @Override
    public void init(final FixedKeyProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(final FixedKeyRecord<byte[], ParsedVenueFill> record) {
        final VenueFillResult.Invalid invalid = (VenueFillResult.Invalid) record.value().result();
        final Headers headers = new RecordHeaders(record.headers().toArray());
        add(headers, DlqHeaders.REASON, invalid.reason().label());
        add(headers, DlqHeaders.DETAIL, invalid.detail());
        context.recordMetadata().ifPresent(source -> {
            add(headers, DlqHeaders.SOURCE_TOPIC, source.topic());
            add(headers, DlqHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
            add(headers, DlqHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        });
        add(headers, DlqHeaders.SOURCE_TIMESTAMP, Long.toString(record.timestamp()));
        context.forward(record.withValue(record.value().raw()).withHeaders(headers));
    }

    private static void add(final Headers headers, final String name, final String value) {
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
