package io.exectrace.streams.venue;

import io.exectrace.streams.metrics.PipelineMetrics;
import io.exectrace.streams.reconciliation.FillFacts;
import io.exectrace.streams.reconciliation.FillMatch;
import io.exectrace.streams.reconciliation.OrderReconciliation;
import io.exectrace.streams.reconciliation.ReconciliationResult;
import io.exectrace.streams.reconciliation.ReconciliationTolerance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decides the fills of one {@link OrderSides} entry and forwards the decisions, keyed by session id, or by venue for
 * a venue fill that finds no order of ours: the one rule of both reconciliation stages (by venue order id, and the
 * client-order-id fallback).
 */
public final class OrderDecisions {
    private final ReconciliationTolerance tolerance;
    private final PipelineMetrics metrics;
    private final boolean clientOrderIdsFallBack;
    private final ProcessorContext<String, FillDecision> context;

    /**
     * @param clientOrderIdsFallBack whether a venue fill that finds no order here but echoes a client order id goes
     *                               on to the fallback stage ({@link #isFallback}) instead of being decided
     *                               {@code missing_in_ledger}
     */
    OrderDecisions(final ReconciliationTolerance tolerance, final PipelineMetrics metrics,
                   final boolean clientOrderIdsFallBack, final ProcessorContext<String, FillDecision> context) {
        this.tolerance = tolerance;
        this.metrics = metrics;
        this.clientOrderIdsFallBack = clientOrderIdsFallBack;
        this.context = context;
    }

    /**
     * Whether {@code decision} is not a decision but a venue fill handed on to the client-order-id stage: it found
     * no order by its venue order id within the window, and it echoes a client order id. Not counted in the metrics.
     */
    public static boolean isFallback(final FillDecision decision) {
        return decision.result() == null;
    }

    /** The venue fill of a {@link #isFallback} record, as the fallback stage reads it (arrival kept). */
    public static ReconciliationInput handedOn(final FillDecision fallback) {
        return ReconciliationInput.venue(fallback.venue(), fallback.decidedMillis() - fallback.lagMillis());
    }

    /**
     * Decides what can be decided (everything when {@code closing}), forwards it with the record timestamp
     * {@code recordTs}, and returns what is left. The output's timestamp is the input record's (or, from the
     * punctuation, the task's stream time), never the wall clock: a wall-clock timestamp would move the stream time
     * of whatever task reads the decisions (in a TopologyTestDriver, of every processor) ahead of the event time.
     *
     * @param venueOrderId the venue order id of our fills here, or null when it is not known (the fallback stage)
     */
    OrderSides decide(final String venueOrderId, final OrderSides state, final long now, final boolean closing,
                      final long recordTs) {
        final Map<OrderSides.OrderRef, OrderReconciliation> byOrder = new LinkedHashMap<>();
        for (final OrderSides.PendingOurs o : state.ours()) {
            byOrder.computeIfAbsent(orderOf(state, o.sessionId()), k -> new OrderReconciliation(tolerance))
                    .addOurs(o.fill());
        }
        final List<OrderSides.PendingVenue> unplaced = new ArrayList<>();
        final Map<String, OrderSides.PendingVenue> venueByTradeId = new LinkedHashMap<>();
        for (final OrderSides.PendingVenue v : state.venue()) {
            final OrderSides.OrderRef order = onlyCandidate(state, v.fill().venue());
            if (order == null) {
                unplaced.add(v);
            } else {
                venueByTradeId.put(v.fill().tradeId(), v);
                byOrder.computeIfAbsent(order, k -> new OrderReconciliation(tolerance))
                        .addVenue(FillFacts.ofVenue(v.fill(), v.arrivalMillis()));
            }
        }
        final List<OrderSides.PendingOurs> oursLeft = new ArrayList<>();
        final List<OrderSides.PendingVenue> venueLeft = new ArrayList<>();
        byOrder.forEach((order, fills) -> {
            for (final FillMatch match : closing ? fills.close() : fills.settle()) {
                emit(venueOrderId, order, match, venueByTradeId, now, recordTs);
            }
            fills.pendingOurs().forEach(f -> oursLeft.add(new OrderSides.PendingOurs(order.sessionId(), f)));
            fills.pendingVenue().forEach(f -> venueLeft.add(venueByTradeId.get(f.tradeId())));
        });
        for (final OrderSides.PendingVenue v : unplaced) {
            if (closing) {
                missingInLedger(v, now, recordTs);
            } else {
                venueLeft.add(v);
            }
        }
        return new OrderSides(state.orders(), oursLeft, venueLeft, state.venueTradeIds(), state.lastArrivalMillis());
    }

    /** A venue fill that finds no order of ours: venue level, or on to the fallback stage. */
    void missingInLedger(final OrderSides.PendingVenue v, final long now, final long recordTs) {
        final long lag = now - v.arrivalMillis();
        final boolean fallsBack = clientOrderIdsFallBack && v.fill().clientOrderId() != null;
        final FillDecision decision = new FillDecision(null, v.fill().venueOrderId(), v.fill().clientOrderId(), null,
                v.fill().venue(), fallsBack ? null : ReconciliationResult.MISSING_IN_LEDGER, null, v.fill(), lag, now);
        if (fallsBack) {
            context.forward(new Record<>(v.fill().clientOrderId(), decision, recordTs));
        } else {
            forward(decision, recordTs);
        }
    }

    private void emit(final String venueOrderId, final OrderSides.OrderRef order, final FillMatch match,
                      final Map<String, OrderSides.PendingVenue> venueByTradeId, final long now, final long recordTs) {
        final OrderSides.PendingVenue venue = match.venue() == null ? null : venueByTradeId.get(match.venue().tradeId());
        final long firstArrival = Math.min(match.ours() == null ? Long.MAX_VALUE : match.ours().arrival(),
                venue == null ? Long.MAX_VALUE : venue.arrivalMillis());
        forward(new FillDecision(order.sessionId(), venue != null ? venue.fill().venueOrderId() : venueOrderId,
                order.clientOrderId(), order.mode(), venue != null ? venue.fill().venue() : order.exchange(),
                match.result(), match.ours(), venue == null ? null : venue.fill(), Math.max(0L, now - firstArrival),
                now), recordTs);
    }

    private void forward(final FillDecision decision, final long recordTs) {
        metrics.reconciled(decision.mode(), decision.exchange(), decision.result(), decision.lagMillis());
        final String key = decision.sessionId() != null ? decision.sessionId() : decision.exchange();
        context.forward(new Record<>(key, decision, recordTs));
    }

    private static OrderSides.OrderRef orderOf(final OrderSides state, final String sessionId) {
        return state.orders().stream().filter(o -> o.sessionId().equals(sessionId)).findFirst().orElseThrow();
    }

    /** The one order of ours at {@code venue} that carries this id, or null when none or several do. */
    private static OrderSides.OrderRef onlyCandidate(final OrderSides state, final String venue) {
        final List<OrderSides.OrderRef> candidates = state.orders().stream().filter(o -> o.atVenue(venue)).toList();
        return candidates.size() == 1 ? candidates.get(0) : null;
    }
}
