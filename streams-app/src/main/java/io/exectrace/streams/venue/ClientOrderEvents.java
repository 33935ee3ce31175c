package io.exectrace.streams.venue;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Stage;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.reconciliation.FillFacts;
import io.exectrace.streams.reconciliation.OrderSpan;
import io.exectrace.streams.reconciliation.OurOrder;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Our side of the client-order-id fallback, from a session's events after redeliveries are dropped: each order,
 * ack, fill and cancel event with a client order id, of a venue in {@code reconciliation.venues} or, in live mode,
 * naming none (Peak_Trade's own dialect names none; {@link OurOrder#mayReachAVenue}), re-keyed by that id. Each makes its order's span; a fill without a broker
 * order id brings one of our fills; an event with a broker order id only marks its order as one the venue names by
 * that id (its fills are reconciled by {@link OurOrderEvents}).
 */
public final class ClientOrderEvents implements Processor<String, SessionInput, String, ReconciliationInput> {
    private final Set<String> venues;
    private ProcessorContext<String, ReconciliationInput> context;

    /** Our side for the venues in {@code reconciliation.venues} (lower case); none when it is empty. */
    public ClientOrderEvents(final Set<String> venues) {
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
        if (e.orderId() == null || !OrderSpan.STAGES.contains(e.stage()) || !OurOrder.mayReachAVenue(e.exchange(), e.mode())
                || (e.exchange() != null && !venues.contains(e.exchange().toLowerCase(Locale.ROOT)))) {
            return;
        }
        final long now = context.currentSystemTimeMs();
        final boolean brokerOrderIdSet = e.brokerOrderId() != null;
        final FillFacts fill = e.stage() == Stage.FILL && !brokerOrderIdSet
                ? FillFacts.ofLedger(e, now) : null;
        context.forward(new Record<>(e.orderId(),
                new ReconciliationInput(e.sessionId(), e.orderId(), e.exchange(), e.mode(), fill, null, now,
                        e.tsMicros(), brokerOrderIdSet), record.timestamp()));
    }
}
