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
 * Our side of reconciliation, from a session's events after redeliveries are dropped, re-keyed for one of the two
 * stages ({@link Keying}). Each input is stamped with its arrival, the wall clock the window runs on.
 */
public final class OurOrderEvents implements Processor<String, SessionInput, String, ReconciliationInput> {

    /** Which of our events a stage takes, and under which id. */
    public enum Keying {
        /**
         * By venue order id ({@link ReconciliationProcessor}): each ack and fill of a venue in
         * {@code reconciliation.venues} that carries a broker order id. An ack registers the order (so a venue fill
         * of an order we have no fill of is still ours); a fill registers it and brings one of our fills.
         */
        BROKER_ORDER_ID,
        /**
         * By client order id ({@link ClientOrderReconciliation}): each order, ack, fill and cancel event with a client
         * order id and no broker order id, of a listed venue or, in live mode, naming none
         * ({@link OurOrder#mayReachAVenue}): each makes its order's span, a fill brings one of our fills. An ack with
         * a broker order id marks its order as one the venue names by that id (never a candidate here).
         */
        CLIENT_ORDER_ID
    }

    private final Set<String> venues;
    private final Keying keying;
    private ProcessorContext<String, ReconciliationInput> context;

    /** Our side for the venues in {@code reconciliation.venues} (lower case); none when it is empty. */
    public OurOrderEvents(final Set<String> venues, final Keying keying) {
        this.venues = venues;
        this.keying = keying;
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
        final boolean listedOrNone = e.exchange() == null || venues.contains(e.exchange().toLowerCase(Locale.ROOT));
        final long now = context.currentSystemTimeMs();
        if (keying == Keying.BROKER_ORDER_ID) {
            if (e.brokerOrderId() != null && (e.stage() == Stage.ACK || e.stage() == Stage.FILL)
                    && e.exchange() != null && listedOrNone) {
                forward(e.brokerOrderId(), e, e.stage() == Stage.FILL ? FillFacts.ofLedger(e, now) : null, now,
                        record.timestamp());
            }
        } else if (e.orderId() != null && OrderSpan.STAGES.contains(e.stage()) && listedOrNone
                && (e.brokerOrderId() == null || e.stage() == Stage.ACK)
                && OurOrder.mayReachAVenue(e.exchange(), e.mode())) {
            // Of the events with a broker order id only the ack goes: it marks the order as one the venue names by
            // that id; its fills and cancel would say the same again, each a record through a repartition topic.
            forward(e.orderId(), e, e.stage() == Stage.FILL && e.brokerOrderId() == null
                    ? FillFacts.ofLedger(e, now) : null, now, record.timestamp());
        }
    }

    private void forward(final String key, final ExecutionEvent e, final FillFacts fill, final long now,
                         final long timestamp) {
        context.forward(new Record<>(key, new ReconciliationInput(e.sessionId(), e.orderId(), e.exchange(), e.mode(),
                fill, null, now, e.tsMicros(), e.brokerOrderId() != null), timestamp));
    }
}
