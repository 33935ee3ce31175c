package io.exectrace.streams.venue;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Stage;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.reconciliation.FillFacts;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Our side of reconciliation, from a session's events after redeliveries are dropped: each ack and fill of a venue
 * in {@code reconciliation.venues} that carries a broker order id (the venue's order id), re-keyed by it. An ack registers the order (so a venue fill of an order
 * we have no fill of is still ours); a fill registers it and brings one of our fills. A fill without a broker order
 * id is not reconciled in the stream (the viewer finds its order through the client order id).
 */
public final class OurOrderEvents implements Processor<String, SessionInput, String, ReconciliationInput> {
    private final Set<String> venues;
    private ProcessorContext<String, ReconciliationInput> context;

    /** Our side for the venues in {@code reconciliation.venues} (lower case); none when it is empty. */
    public OurOrderEvents(final Set<String> venues) {
        this.venues = venues;
    }

    @Override
    public void init(final ProcessorContext<String, ReconciliationInput> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<String, SessionInput> record) {
        final SessionInput input = record.value();
        if (venues.isEmpty() || input == null || !input.isValid() || input.event() == null) {
            return;
        }
        final ExecutionEvent e = input.event();
        if (e.brokerOrderId() == null || (e.stage() != Stage.ACK && e.stage() != Stage.FILL)
                || e.exchange() == null || !venues.contains(e.exchange().toLowerCase(Locale.ROOT))) {
            return;
        }
        final long now = context.currentSystemTimeMs();
        final FillFacts fill = e.stage() == Stage.FILL ? FillFacts.ofLedger(e, now) : null;
        context.forward(new Record<>(e.brokerOrderId(),
                new ReconciliationInput(e.sessionId(), e.orderId(), e.exchange(), e.mode(), fill, null, now,
                        e.tsMicros(), true),
                record.timestamp()));
    }
}
