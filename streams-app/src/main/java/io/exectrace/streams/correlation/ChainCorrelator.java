package io.exectrace.streams.correlation;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.ExecutionEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The correlation rules of the event contract, over one {@link SessionState}: which chain an event joins, when a
 * chain closes and with what outcome, and what closing it records.
 *
 * <p><b>Linking.</b> A submit joins the intent named by its {@code intent_id}, else the oldest open intent of the
 * same symbol (and side when both carry one) without an order. Acks, fills and cancels join the order with their
 * client or broker order id; an id-less fill joins the oldest open order of the same symbol and side. A risk block
 * joins its intent by id, else FIFO like a submit; an error joins by order id or intent id, and without ids is
 * only counted. A child that arrives before its parent starts a chain of its own that waits (an order waits for
 * its intent, children wait for their order); when the parent arrives the two chains are merged. Since every fact
 * is kept order-independently (earliest time wins, fills are a set), merging gives the same chain as in-order
 * arrival.
 *
 * <p><b>Closing.</b> A chain ends with a full fill, a risk block, an error or a cancel; it then stays open for the
 * settle time (and, when it still waits for a parent, until that wait is over) so that late siblings join it, and
 * closes with the ending event's time. The settle time runs on two clocks, whichever passes it first: the session's
 * event clock, and (for a chain that waits for no parent) the arrival clock, when records arrived on the input
 * topic, so the last chain of a session that falls quiet closes a settle time after it ended instead of at the idle
 * timeout. Like every deadline, the arrival settle is checked before an event is applied, with that record's
 * arrival clock, so a backlog closes the same chains as an undisturbed run. Otherwise it times out on the session clock: an intent without order after
 * the intent timeout (MISSING_ORDER), an order after the order timeout (MISSING_FILL or PARTIALLY_FILLED), children
 * whose order never came after the order timeout (MISSING_ORDER). Deadlines compare with {@code clock > deadline}
 * and are checked before an event is applied (an event later than a deadline cannot save the chain) and after it
 * (a late event may start a chain that is already due). Closed chains' ids are remembered, so their late events
 * are counted instead of opening chains that would end as MISSING_ORDER.
 */
final class ChainCorrelator {
    private final long intentTimeout;
    private final long orderTimeout;
    private final long settle;
    private final long settleMillis;
    private final long stuckAfter;
    private final long stuckAfterMillis;
    private final long pnlHorizon;

    ChainCorrelator(final CorrelationSettings settings) {
        this.intentTimeout = settings.intentTimeoutMicros();
        this.orderTimeout = settings.orderTimeoutMicros();
        this.settle = settings.settleMicros();
        this.settleMillis = settings.settleTime().toMillis();
        this.stuckAfter = settings.stuckOrderAfterMicros();
        this.stuckAfterMillis = settings.stuckOrderAfter().toMillis();
        this.pnlHorizon = settings.pnlHorizonMicros();
    }

    /** Applies one distinct event whose time is already in the session clock. */
    void apply(final SessionState s, final ExecutionEvent e, final Consumer<ClosedChain> out) {
        expire(s, out);
        switch (e.stage()) {
            case INTENT -> onIntent(s, e);
            case SUBMIT -> onSubmit(s, e);
            case ACK, CANCEL -> onOrderChild(s, e);
            case FILL -> onFill(s, e);
            case RISK_BLOCK -> onRiskBlock(s, e);
            case ERROR -> onError(s, e);
            case SIGNAL, GATE_PASS -> {
                // counted in the summary; part of no chain
            }
        }
        expire(s, out);
        // Only here, where the event clock moves: the fills released then are the same whichever clock closed
        // their chains (fixtures/README.md, "FIFO PnL").
        s.summary.releaseFills(pnlHorizon);
    }

    // ---- linking ----

    private void onIntent(final SessionState s, final ExecutionEvent e) {
        final String intentId = e.intentId();
        if (intentId != null) {
            final OpenChain named = s.byIntentId.get(intentId);
            if (named != null) {
                if (named.hasIntent()) {
                    s.summary.conflictingEvents++;
                    return;
                }
                s.unindex(named);
                named.attachIntent(e);
                done(s, named);
                return;
            }
            if (s.closedIds.contains(RecentIds.INTENT, intentId)) {
                s.summary.lateEvents++;
                return;
            }
        }
        final OpenChain waiting = s.oldestAwaitingIntent(e.symbol(), e.side(), e.tsMicros(),
                s.clock() - intentTimeout);
        final OpenChain c = waiting != null ? waiting : s.newChain();
        s.unindex(c);
        c.attachIntent(e);
        done(s, c);
    }

    private void onSubmit(final SessionState s, final ExecutionEvent e) {
        final OpenChain existing = resolveOrder(s, e.orderId(), e.brokerOrderId());
        if (existing != null && existing.hasOrder()) {
            s.summary.conflictingEvents++;
            return;
        }
        if (existing == null && isClosedOrder(s, e)) {
            s.summary.lateEvents++;
            return;
        }
        OpenChain parent = null;
        byte wait = OpenChain.WAIT_NONE;
        if (e.intentId() != null) {
            final OpenChain named = s.byIntentId.get(e.intentId());
            if (named != null && !named.hasOrder()) {
                parent = named;
            } else if (named == null && !s.closedIds.contains(RecentIds.INTENT, e.intentId())) {
                wait = OpenChain.WAIT_BY_ID;
            }
            // else: the intent already has an order, or its chain has closed: a chain without intent.
        } else {
            parent = s.oldestIntentAwaitingOrder(e.symbol(), e.side());
            if (parent == null) {
                wait = OpenChain.WAIT_FIFO;
            }
        }
        final List<OpenChain> parts = new ArrayList<>(3);
        addDistinct(parts, parent);
        addDistinct(parts, existing);
        if (existing == null) {
            addDistinct(parts, s.oldestIdlessOrphan(e.symbol(), e.side(), e.tsMicros()));
        }
        final OpenChain c = parts.isEmpty() ? s.newChain() : mergeAll(s, parts);
        c.attachSubmit(e);
        c.orderArrivalMillis = s.arrivalNow;
        if (wait != OpenChain.WAIT_NONE) {
            c.waitForIntent(wait, e.tsMicros());
        }
        done(s, c);
    }

    private void onOrderChild(final SessionState s, final ExecutionEvent e) {
        if (e.orderId() == null && e.brokerOrderId() == null) {
            s.summary.unlinkedEvents++;
            return;
        }
        final OpenChain c = orderChainOrOrphan(s, e);
        if (c == null) {
            return;
        }
        if (e.stage() == io.exectrace.events.Stage.ACK) {
            c.attachAck(e);
        } else {
            c.attachCancel(e);
        }
        linkAdoptedIds(s, c);
        done(s, c);
    }

    private void onFill(final SessionState s, final ExecutionEvent e) {
        if (e.orderId() == null && e.brokerOrderId() == null) {
            final OpenChain open = s.oldestOrderAwaitingFills(e.symbol(), e.side());
            final OpenChain c;
            if (open != null) {
                c = open;
                s.unindex(c);
            } else {
                c = s.newChain();
                c.idlessOrphan = true;
            }
            c.attachFill(e);
            done(s, c);
            return;
        }
        final OpenChain c = orderChainOrOrphan(s, e);
        if (c == null) {
            return;
        }
        c.attachFill(e);
        linkAdoptedIds(s, c);
        done(s, c);
    }

    private void onRiskBlock(final SessionState s, final ExecutionEvent e) {
        OpenChain c = resolveOrder(s, e.orderId(), e.brokerOrderId());
        final String intentId = e.intentId();
        if (c == null && intentId != null) {
            c = s.byIntentId.get(intentId);
            if (c == null) {
                if (s.closedIds.contains(RecentIds.INTENT, intentId)) {
                    s.summary.lateEvents++;
                    return;
                }
                c = s.newChain();
                c.waitForIntent(OpenChain.WAIT_BY_ID, e.tsMicros());
            }
        } else if (c == null) {
            c = s.oldestIntentAwaitingOrder(e.symbol(), e.side());
            if (c == null) {
                c = s.newChain();
                c.waitForIntent(OpenChain.WAIT_FIFO, e.tsMicros());
            }
        }
        s.unindex(c);
        c.attachRiskBlock(e);
        linkAdoptedIds(s, c);
        done(s, c);
    }

    private void onError(final SessionState s, final ExecutionEvent e) {
        final boolean orderRef = e.orderId() != null || e.brokerOrderId() != null;
        if (!orderRef && e.intentId() == null) {
            s.summary.unlinkedErrors++;
            return;
        }
        OpenChain c = resolveOrder(s, e.orderId(), e.brokerOrderId());
        if (c == null && e.intentId() != null) {
            c = s.byIntentId.get(e.intentId());
        }
        if (c == null) {
            if (isClosedOrder(s, e) || s.closedIds.contains(RecentIds.INTENT, e.intentId())) {
                s.summary.lateEvents++;
                return;
            }
            c = s.newChain();
            if (!orderRef) {
                c.waitForIntent(OpenChain.WAIT_BY_ID, e.tsMicros());
            }
        }
        s.unindex(c);
        c.attachError(e);
        linkAdoptedIds(s, c);
        done(s, c);
    }

    /**
     * The chain an order child joins (unindexed, ready to change), or a new orphan chain for it; null when the
     * order's chain has already closed (the event is then counted as late).
     */
    private OpenChain orderChainOrOrphan(final SessionState s, final ExecutionEvent e) {
        final OpenChain c = resolveOrder(s, e.orderId(), e.brokerOrderId());
        if (c != null) {
            s.unindex(c);
            return c;
        }
        if (isClosedOrder(s, e)) {
            s.summary.lateEvents++;
            return null;
        }
        return s.newChain();
    }

    /**
     * The open chain known under the client or the broker order id. When the two ids name two chains (an ack
     * linking them), the one without an order is merged into the other; two orders are never merged.
     */
    private OpenChain resolveOrder(final SessionState s, final String orderId, final String brokerOrderId) {
        final OpenChain byClient = orderId == null ? null : s.byOrderId.get(orderId);
        final OpenChain byBroker = brokerOrderId == null ? null : s.byBrokerId.get(brokerOrderId);
        if (byClient == null || byBroker == null || byClient == byBroker) {
            return byClient != null ? byClient : byBroker;
        }
        if (byClient.hasOrder() && byBroker.hasOrder()) {
            return byClient;
        }
        final List<OpenChain> parts = new ArrayList<>(2);
        parts.add(byClient.hasOrder() || !byBroker.hasOrder() && byClient.seq < byBroker.seq ? byClient : byBroker);
        addDistinct(parts, byClient);
        addDistinct(parts, byBroker);
        final OpenChain merged = mergeAll(s, parts);
        done(s, merged);
        return merged;
    }

    /**
     * After a chain took ids from an event (an ack naming the broker order id), merges a waiting orphan chain
     * known under one of those ids into it. The chain is unindexed on entry and on return.
     */
    private void linkAdoptedIds(final SessionState s, final OpenChain c) {
        mergeIfOrphan(s, c, c.orderId == null ? null : s.byOrderId.get(c.orderId));
        mergeIfOrphan(s, c, c.brokerOrderId == null ? null : s.byBrokerId.get(c.brokerOrderId));
    }

    private static void mergeIfOrphan(final SessionState s, final OpenChain c, final OpenChain other) {
        if (other == null || other == c || other.hasOrder() && c.hasOrder()) {
            return;
        }
        s.unindex(other);
        c.absorb(other);
        s.discard(other);
    }

    /** Merges the given unindexed-or-indexed chains into the first; returns it unindexed. */
    private static OpenChain mergeAll(final SessionState s, final List<OpenChain> parts) {
        final OpenChain keep = parts.get(0);
        s.unindex(keep);
        for (int i = 1; i < parts.size(); i++) {
            final OpenChain other = parts.get(i);
            s.unindex(other);
            keep.absorb(other);
            s.discard(other);
        }
        return keep;
    }

    private static void addDistinct(final List<OpenChain> parts, final OpenChain c) {
        if (c != null && !parts.contains(c)) {
            parts.add(c);
        }
    }

    private static boolean isClosedOrder(final SessionState s, final ExecutionEvent e) {
        return s.closedIds.contains(RecentIds.ORDER, e.orderId())
                || s.closedIds.contains(RecentIds.BROKER, e.brokerOrderId());
    }

    // ---- deadlines and closing ----

    /** Re-computes the chain's deadlines (event clock and arrival clock) and puts it back into the indexes. */
    private void done(final SessionState s, final OpenChain c) {
        c.deadline = deadline(c);
        c.settleDueMillis = settleDue(s, c);
        s.index(c);
    }

    /**
     * The arrival time after which an ended chain closes, counted from when it first ended; {@link OpenChain#ABSENT}
     * for a chain that has not ended, that still waits for a parent (that wait runs on event time), or where no
     * arrival clock runs.
     */
    private long settleDue(final SessionState s, final OpenChain c) {
        if (c.endReason() == null) {
            c.endArrivalMillis = OpenChain.ABSENT;
            return OpenChain.ABSENT;
        }
        if (c.endArrivalMillis == OpenChain.ABSENT) {
            c.endArrivalMillis = s.arrivalNow;
        }
        if (c.endArrivalMillis == OpenChain.ABSENT || parentWaitUntil(c) != OpenChain.ABSENT) {
            return OpenChain.ABSENT;
        }
        return c.endArrivalMillis + settleMillis;
    }

    /** Until when the chain must stay open for a missing parent; {@link OpenChain#ABSENT} when it waits for none. */
    private long parentWaitUntil(final OpenChain c) {
        if (!c.hasOrder() && c.hasOrderChildren()) {
            return c.firstOrderChildTs + orderTimeout;
        }
        if (!c.hasIntent() && c.intentWait != OpenChain.WAIT_NONE) {
            return c.anchorTs + intentTimeout;
        }
        return OpenChain.ABSENT;
    }

    /** The event time after which the chain closes if nothing changes it. */
    private long deadline(final OpenChain c) {
        final long endTs = c.endTs();
        if (endTs != OpenChain.ABSENT) {
            return Math.max(endTs + settle, parentWaitUntil(c));
        }
        if (c.hasOrder()) {
            return c.submitTs + orderTimeout;
        }
        if (c.hasIntent()) {
            return c.intentTs + intentTimeout;
        }
        if (c.hasOrderChildren()) {
            return c.firstOrderChildTs + orderTimeout;
        }
        return c.anchorTs == OpenChain.ABSENT ? c.rootTs : c.anchorTs + intentTimeout;
    }

    /**
     * Closes every chain whose deadline lies before the session clock, in deadline order, then every ended chain
     * whose settle time lies before the arrival clock, in that order.
     */
    void expire(final SessionState s, final Consumer<ClosedChain> out) {
        expireOnEventClock(s, out);
        if (s.arrivalNow != OpenChain.ABSENT && s.arrivalNow > s.settleDueLowerBound) {
            closeSettled(s, out);
        }
    }

    private void expireOnEventClock(final SessionState s, final Consumer<ClosedChain> out) {
        final long clock = s.clock();
        while (!s.deadlines.isEmpty()) {
            final OpenChain c = s.deadlines.first();
            if (c.deadline >= clock) {
                return;
            }
            s.unindex(c);
            final String endReason = c.endReason();
            if (endReason != null) {
                close(s, c, endReason, c.endTs(), out);
            } else if (c.hasOrder()) {
                close(s, c, "order_timeout", c.submitTs + orderTimeout, out);
            } else if (c.hasIntent()) {
                close(s, c, "intent_timeout", c.intentTs + intentTimeout, out);
            } else {
                close(s, c, "order_timeout", c.deadline, out);
            }
        }
    }

    /** Closes the settling chains due on the arrival clock, by due time and then sequence (chain start). */
    private void closeSettled(final SessionState s, final Consumer<ClosedChain> out) {
        List<OpenChain> due = null;
        long next = Long.MAX_VALUE;
        for (final OpenChain c : s.settling) {
            if (c.settleDueMillis < s.arrivalNow) {
                if (due == null) {
                    due = new ArrayList<>(2);
                }
                due.add(c);
            } else {
                next = Math.min(next, c.settleDueMillis);
            }
        }
        s.settleDueLowerBound = next;
        if (due == null) {
            return;
        }
        due.sort(SETTLE_ORDER);
        for (final OpenChain c : due) {
            s.unindex(c);
            close(s, c, c.endReason(), c.endTs(), out);
        }
    }

    private static final Comparator<OpenChain> SETTLE_ORDER =
            Comparator.<OpenChain>comparingLong(c -> c.settleDueMillis).thenComparingLong(c -> c.seq);

    /**
     * Reports, once each, the orders of the session that have been open longer than the stuck-order time on the
     * event clock or on the arrival clock ({@code arrivalNow}, {@link OpenChain#ABSENT} when none runs), and have
     * not ended; in chain order.
     */
    void reportStuckOrders(final SessionState s, final long arrivalNow, final Consumer<StuckOrder> out) {
        List<OpenChain> stuck = null;
        for (final OpenChain c : s.chains) {
            if (c.stuckReported || !c.hasOrder() || c.endReason() != null) {
                continue;
            }
            final boolean byEvent = s.clock() - c.submitTs > stuckAfter;
            final boolean byArrival = arrivalNow != OpenChain.ABSENT && c.orderArrivalMillis != OpenChain.ABSENT
                    && arrivalNow - c.orderArrivalMillis > stuckAfterMillis;
            if (byEvent || byArrival) {
                if (stuck == null) {
                    stuck = new ArrayList<>(2);
                }
                stuck.add(c);
            }
        }
        if (stuck == null) {
            return;
        }
        stuck.sort(Comparator.comparingLong(c -> c.seq));
        for (final OpenChain c : stuck) {
            c.stuckReported = true;
            s.markChanged(c);
            out.accept(StuckOrder.of(s, c, arrivalNow, stuckAfterMillis));
        }
    }

    /** The arrival time after which one of the session's reportable orders is stuck on the arrival clock. */
    long stuckDueMillis(final SessionState s) {
        long due = Long.MAX_VALUE;
        for (final OpenChain c : s.chains) {
            if (!c.stuckReported && c.hasOrder() && c.orderArrivalMillis != OpenChain.ABSENT
                    && c.endReason() == null) {
                if (s.clock() - c.submitTs > stuckAfter) {
                    return Long.MIN_VALUE;
                }
                due = Math.min(due, c.orderArrivalMillis + stuckAfterMillis);
            }
        }
        return due;
    }

    /**
     * Closes every open chain of the session (idle timeout or end of input): an ended chain closes as it would
     * have after settling, any other with reason {@code idle} at the session clock; then every pending fill enters
     * its symbol's FIFO.
     */
    void closeAll(final SessionState s, final Consumer<ClosedChain> out) {
        final long clock = s.clock();
        while (!s.deadlines.isEmpty()) {
            final OpenChain c = s.deadlines.pollFirst();
            s.unindex(c);
            final String endReason = c.endReason();
            if (endReason != null) {
                close(s, c, endReason, c.endTs(), out);
            } else {
                close(s, c, "idle", clock, out);
            }
        }
        // No chain is left that could bring an earlier fill: every pending fill enters the FIFO.
        s.summary.flushFills();
    }

    private void close(final SessionState s, final OpenChain c, final String reason, final long closeTs,
                       final Consumer<ClosedChain> out) {
        final Map<LatencyEdge, Double> latency = new EnumMap<>(LatencyEdge.class);
        int clockProblems = 0;
        clockProblems += edge(latency, LatencyEdge.INTENT_TO_ORDER, c.intentTs, c.submitTs);
        clockProblems += edge(latency, LatencyEdge.ORDER_TO_ACK, c.submitTs, c.ackTs);
        clockProblems += edge(latency, LatencyEdge.ORDER_TO_FILL, c.submitTs, c.firstFillTs);
        clockProblems += edge(latency, LatencyEdge.INTENT_TO_FILL, c.intentTs, c.firstFillTs);
        clockProblems += edge(latency, LatencyEdge.FILL_COMPLETION, c.firstFillTs, c.lastFillTs);
        final ChainOutcome outcome = c.outcome();
        final String detail = switch (outcome) {
            case RISK_BLOCKED -> c.riskReason;
            case ERROR -> c.errorMessage;
            case CANCELLED, PARTIALLY_FILLED -> c.cancelReason;
            default -> null;
        };
        final double quantity = c.hasOrder() && !Double.isNaN(c.orderQty) ? c.orderQty : c.intentQty;
        final ClosedChain chain = new ClosedChain(s.sessionId, hex16(c.rootFp), c.intentId,
                c.orderId, c.brokerOrderId, c.symbol, c.side, c.mode, c.exchange, c.strategy, outcome, reason,
                detail, quantity, c.filledQty, c.fillCount,
                c.pricedQty > 0 ? c.priceTimesQty / c.pricedQty : Double.NaN, c.notional, c.fees, c.rootTs,
                c.intentTs, c.submitTs, c.ackTs, c.firstFillTs, c.lastFillTs, closeTs, c.events, clockProblems,
                latency);

        s.summary.recordClosedChain(chain);
        s.summary.recordFills(c);
        if (!latency.isEmpty()) {
            for (final Map.Entry<LatencyEdge, Double> l : latency.entrySet()) {
                s.latency.record(l.getKey(), l.getValue());
            }
            s.markLatencyChanged(null);
            if (c.symbol != null) {
                final LatencySketches bySymbol = s.symbolLatency(c.symbol);
                for (final Map.Entry<LatencyEdge, Double> l : latency.entrySet()) {
                    bySymbol.record(l.getKey(), l.getValue());
                }
                s.markLatencyChanged(c.symbol);
            }
        }
        if (c.hasIntent() || c.intentWait == OpenChain.WAIT_BY_ID) {
            s.rememberClosedId(RecentIds.INTENT, c.intentId, closeTs);
        }
        s.rememberClosedId(RecentIds.ORDER, c.orderId, closeTs);
        s.rememberClosedId(RecentIds.BROKER, c.brokerOrderId, closeTs);
        s.discard(c);
        out.accept(chain);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String hex16(final long value) {
        final char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[15 - i] = HEX[(int) (value >>> (i * 4)) & 0xF];
        }
        return new String(out);
    }

    /** Records an edge when both ends exist; returns 1 for a negative difference (a clock problem), else 0. */
    private static int edge(final Map<LatencyEdge, Double> into, final LatencyEdge edge, final long from,
                            final long to) {
        if (from == OpenChain.ABSENT || to == OpenChain.ABSENT) {
            return 0;
        }
        final long micros = to - from;
        if (micros < 0) {
            return 1;
        }
        into.put(edge, micros / 1000.0);
        return 0;
    }
}
