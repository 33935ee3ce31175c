package io.exectrace.streams.correlation;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Side;
import java.util.Arrays;

/**
 * The facts gathered so far for one chain that has not closed: its intent, its order, and the order's children,
 * or only some of them while parents are still missing. Every fact is kept in an arrival-order-independent way
 * (earliest time wins; fills are a set sorted by event time), so the outcome and latencies computed from it at
 * close do not depend on the order events arrived in. Mutable, owned by one {@link SessionState}.
 */
final class OpenChain {
    static final long ABSENT = Long.MIN_VALUE;
    /** The chain does not wait for an intent. */
    static final byte WAIT_NONE = 0;
    /** The chain waits for the intent named by {@link #intentId}. */
    static final byte WAIT_BY_ID = 1;
    /** The chain (a submit or risk block without intent id) waits for an id-less intent, FIFO by symbol/side. */
    static final byte WAIT_FIFO = 2;
    /** Fills kept individually (for the full-fill time); beyond this only totals are kept. */
    static final int MAX_TRACKED_FILLS = 1024;
    static final double FILL_TOLERANCE = 1e-9;

    private static final byte RANK_CHILD = 1;
    private static final byte RANK_INTENT = 2;
    private static final byte RANK_SUBMIT = 3;
    private static final long[] NO_TS = new long[0];
    private static final double[] NO_QTY = new double[0];
    /**
     * Version 2 added the arrival times and the stuck flag, version 3 the tracked fills' prices and the untracked
     * fills' totals; older values read with those absent (see {@link #read}).
     */
    private static final int FORMAT_VERSION = 3;
    private static final int FORMAT_VERSION_2 = 2;
    private static final int FORMAT_VERSION_1 = 1;

    final long seq;
    long rootTs = Long.MAX_VALUE;
    long rootFp;
    int events;

    String symbol;
    byte symbolRank;
    Side side = Side.UNKNOWN;
    byte sideRank;
    String mode;
    byte modeRank;
    String exchange;
    byte exchangeRank;
    String strategy;
    byte strategyRank;

    String intentId;
    String orderId;
    String brokerOrderId;

    long intentTs = ABSENT;
    double intentQty = Double.NaN;
    long submitTs = ABSENT;
    double orderQty = Double.NaN;
    long ackTs = ABSENT;
    long cancelTs = ABSENT;
    String cancelReason;
    long riskTs = ABSENT;
    String riskReason;
    long errorTs = ABSENT;
    String errorMessage;

    byte intentWait = WAIT_NONE;
    long anchorTs = ABSENT;
    long firstOrderChildTs = ABSENT;
    boolean idlessOrphan;

    int fillCount;
    double filledQty;
    double pricedQty;
    double priceTimesQty;
    double notional;
    double fees;
    long firstFillTs = ABSENT;
    long lastFillTs = ABSENT;
    /** Tracked fills sorted by event time (equal times: arrival order); price NaN when the fill has none. */
    long[] fillTs = NO_TS;
    double[] fillQty = NO_QTY;
    double[] fillPrice = NO_QTY;
    int trackedFills;
    /** Fills beyond the tracked ones, for the FIFO: quantity and quantity × price of the priced, and the others. */
    double untrackedQty;
    double untrackedPriceTimesQty;
    int untrackedSkipped;

    /** Arrival clock (epoch ms) when the chain was started; {@link #ABSENT} where no arrival clock runs (files). */
    long firstArrivalMillis = ABSENT;
    /** Arrival clock when its order (submit) joined. */
    long orderArrivalMillis = ABSENT;
    /** Arrival clock when it first ended (see {@link #endReason()}); the arrival-clock settle counts from it. */
    long endArrivalMillis = ABSENT;
    /** Whether the stuck-order alert has been raised for this chain's order (raised once). */
    boolean stuckReported;

    /** Next event time at which the chain must be looked at (set by the correlator while indexed). */
    long deadline = ABSENT;
    /**
     * Arrival clock after which the ended chain closes ({@link #ABSENT}: not settling on that clock); set by the
     * correlator like {@link #deadline}, stored with the chain so a reloaded session settles it.
     */
    long settleDueMillis = ABSENT;
    /** Whether the chain is in its session's set of settling chains. */
    boolean settling;
    /** Whether the store-backed state has written this chain (so a close needs a delete). */
    boolean persisted;
    /** Whether the chain is in its session's {@link DeadlineQueue}, and the generation of its entry there. */
    boolean queued;
    int queueGen;
    /** The {@link SessionState} waiting queues the chain is in (bits {@code SessionState.IN_*}). */
    byte waitingIn;

    OpenChain(final long seq) {
        this.seq = seq;
    }

    boolean hasIntent() {
        return intentTs != ABSENT;
    }

    boolean hasOrder() {
        return submitTs != ABSENT;
    }

    boolean hasOrderChildren() {
        return firstOrderChildTs != ABSENT;
    }

    String symbolKey() {
        return symbol == null ? "" : symbol;
    }

    // ---- attaching events ----

    void attachIntent(final ExecutionEvent e) {
        note(e, RANK_INTENT);
        intentTs = e.tsMicros();
        intentQty = e.quantity();
        if (intentId == null) {
            intentId = e.intentId();
        }
        intentWait = WAIT_NONE;
    }

    void attachSubmit(final ExecutionEvent e) {
        note(e, RANK_SUBMIT);
        submitTs = e.tsMicros();
        orderQty = e.quantity();
        if (intentId == null) {
            intentId = e.intentId();
        }
        adoptIds(e);
    }

    void attachAck(final ExecutionEvent e) {
        note(e, RANK_CHILD);
        ackTs = earliest(ackTs, e.tsMicros());
        orderChild(e);
    }

    void attachCancel(final ExecutionEvent e) {
        note(e, RANK_CHILD);
        if (cancelTs == ABSENT || e.tsMicros() < cancelTs) {
            cancelTs = e.tsMicros();
            cancelReason = e.reason();
        }
        orderChild(e);
    }

    void attachFill(final ExecutionEvent e) {
        note(e, RANK_CHILD);
        addFill(e.tsMicros(), e.quantity(), e.price(), e.notional(), e.fee());
        orderChild(e);
    }

    void attachRiskBlock(final ExecutionEvent e) {
        note(e, RANK_CHILD);
        if (riskTs == ABSENT || e.tsMicros() < riskTs) {
            riskTs = e.tsMicros();
            riskReason = e.reason();
        }
        if (intentId == null) {
            intentId = e.intentId();
        }
        adoptIds(e);
    }

    /** An error; with an order id it is also a child of that order (it then waits for the order). */
    void attachError(final ExecutionEvent e) {
        note(e, RANK_CHILD);
        if (errorTs == ABSENT || e.tsMicros() < errorTs) {
            errorTs = e.tsMicros();
            errorMessage = e.message();
        }
        if (intentId == null) {
            intentId = e.intentId();
        }
        if (e.orderId() != null || e.brokerOrderId() != null) {
            orderChild(e);
        }
    }

    void waitForIntent(final byte how, final long ts) {
        if (hasIntent()) {
            return;
        }
        if (intentWait == WAIT_NONE) {
            intentWait = how;
            anchorTs = ts;
        } else {
            anchorTs = earliest(anchorTs, ts);
        }
    }

    private void orderChild(final ExecutionEvent e) {
        firstOrderChildTs = earliest(firstOrderChildTs, e.tsMicros());
        adoptIds(e);
    }

    private void adoptIds(final ExecutionEvent e) {
        if (orderId == null) {
            orderId = e.orderId();
        }
        if (brokerOrderId == null) {
            brokerOrderId = e.brokerOrderId();
        }
    }

    private void note(final ExecutionEvent e, final byte rank) {
        events++;
        if (e.tsMicros() < rootTs || (e.tsMicros() == rootTs && e.fingerprint() < rootFp)) {
            rootTs = e.tsMicros();
            rootFp = e.fingerprint();
        }
        if (e.symbol() != null && rank > symbolRank) {
            symbol = e.symbol();
            symbolRank = rank;
        }
        if (e.side() != Side.UNKNOWN && rank > sideRank) {
            side = e.side();
            sideRank = rank;
        }
        if (e.mode() != null && rank > modeRank) {
            mode = e.mode();
            modeRank = rank;
        }
        if (e.exchange() != null && rank > exchangeRank) {
            exchange = e.exchange();
            exchangeRank = rank;
        }
        if (e.strategyId() != null && rank > strategyRank) {
            strategy = e.strategyId();
            strategyRank = rank;
        }
    }

    private void addFill(final long ts, final double qty, final double price, final double reportedNotional,
                         final double fee) {
        fillCount++;
        final double q = Double.isFinite(qty) ? qty : 0.0;
        filledQty += q;
        if (Double.isFinite(price) && Double.isFinite(qty)) {
            pricedQty += qty;
            priceTimesQty += qty * price;
        }
        if (Double.isFinite(reportedNotional)) {
            notional += reportedNotional;
        } else if (Double.isFinite(price) && Double.isFinite(qty)) {
            notional += qty * price;
        }
        if (Double.isFinite(fee)) {
            fees += fee;
        }
        firstFillTs = earliest(firstFillTs, ts);
        lastFillTs = lastFillTs == ABSENT ? ts : Math.max(lastFillTs, ts);
        track(ts, q, Double.isFinite(price) ? price : Double.NaN);
    }

    private void track(final long ts, final double q, final double price) {
        if (trackedFills == MAX_TRACKED_FILLS) {
            if (q > 0 && Double.isFinite(price)) {
                untrackedQty += q;
                untrackedPriceTimesQty += q * price;
            } else {
                untrackedSkipped++;
            }
            return;
        }
        if (trackedFills == fillTs.length) {
            final int n = Math.min(MAX_TRACKED_FILLS, Math.max(4, trackedFills * 2));
            fillTs = Arrays.copyOf(fillTs, n);
            fillQty = Arrays.copyOf(fillQty, n);
            fillPrice = Arrays.copyOf(fillPrice, n);
        }
        int i = trackedFills;
        while (i > 0 && fillTs[i - 1] > ts) {
            fillTs[i] = fillTs[i - 1];
            fillQty[i] = fillQty[i - 1];
            fillPrice[i] = fillPrice[i - 1];
            i--;
        }
        fillTs[i] = ts;
        fillQty[i] = q;
        fillPrice[i] = price;
        trackedFills++;
    }

    /**
     * Hands the chain's fills to its symbol's stats under the chain's side, each with its event time (they pend
     * there until the session clock has passed them); fills beyond the tracked ones as one fill at their average
     * price and the chain's last fill time.
     */
    void feedFills(final SymbolStats stats) {
        for (int i = 0; i < trackedFills; i++) {
            stats.pend(side, fillTs[i], fillQty[i], fillPrice[i]);
        }
        if (untrackedQty > 0) {
            stats.pend(side, lastFillTs, untrackedQty, untrackedPriceTimesQty / untrackedQty);
        }
        stats.lots.skipped += untrackedSkipped;
    }

    /** Moves every fact of {@code other} (a chain being merged into this one) into this chain. */
    void absorb(final OpenChain o) {
        events += o.events;
        if (o.rootTs < rootTs || (o.rootTs == rootTs && o.rootFp < rootFp)) {
            rootTs = o.rootTs;
            rootFp = o.rootFp;
        }
        if (o.symbolRank > symbolRank) {
            symbol = o.symbol;
            symbolRank = o.symbolRank;
        }
        if (o.sideRank > sideRank) {
            side = o.side;
            sideRank = o.sideRank;
        }
        if (o.modeRank > modeRank) {
            mode = o.mode;
            modeRank = o.modeRank;
        }
        if (o.exchangeRank > exchangeRank) {
            exchange = o.exchange;
            exchangeRank = o.exchangeRank;
        }
        if (o.strategyRank > strategyRank) {
            strategy = o.strategy;
            strategyRank = o.strategyRank;
        }
        intentId = intentId != null ? intentId : o.intentId;
        orderId = orderId != null ? orderId : o.orderId;
        brokerOrderId = brokerOrderId != null ? brokerOrderId : o.brokerOrderId;
        if (!hasIntent() && o.hasIntent()) {
            intentTs = o.intentTs;
            intentQty = o.intentQty;
        }
        if (!hasOrder() && o.hasOrder()) {
            submitTs = o.submitTs;
            orderQty = o.orderQty;
        }
        ackTs = earliest(ackTs, o.ackTs);
        if (o.cancelTs != ABSENT && (cancelTs == ABSENT || o.cancelTs < cancelTs)) {
            cancelTs = o.cancelTs;
            cancelReason = o.cancelReason;
        }
        if (o.riskTs != ABSENT && (riskTs == ABSENT || o.riskTs < riskTs)) {
            riskTs = o.riskTs;
            riskReason = o.riskReason;
        }
        if (o.errorTs != ABSENT && (errorTs == ABSENT || o.errorTs < errorTs)) {
            errorTs = o.errorTs;
            errorMessage = o.errorMessage;
        }
        if (hasIntent()) {
            intentWait = WAIT_NONE;
            anchorTs = ABSENT;
        } else if (o.intentWait != WAIT_NONE) {
            waitForIntent(o.intentWait, o.anchorTs);
        }
        firstOrderChildTs = earliest(firstOrderChildTs, o.firstOrderChildTs);
        idlessOrphan = idlessOrphan && o.idlessOrphan;
        firstArrivalMillis = earliest(firstArrivalMillis, o.firstArrivalMillis);
        if (orderArrivalMillis == ABSENT) {
            orderArrivalMillis = o.orderArrivalMillis;
        }
        endArrivalMillis = earliest(endArrivalMillis, o.endArrivalMillis);
        stuckReported = stuckReported || o.stuckReported;
        fillCount += o.fillCount;
        filledQty += o.filledQty;
        pricedQty += o.pricedQty;
        priceTimesQty += o.priceTimesQty;
        notional += o.notional;
        fees += o.fees;
        firstFillTs = earliest(firstFillTs, o.firstFillTs);
        lastFillTs = lastFillTs == ABSENT ? o.lastFillTs : Math.max(lastFillTs, o.lastFillTs);
        for (int i = 0; i < o.trackedFills; i++) {
            track(o.fillTs[i], o.fillQty[i], o.fillPrice[i]);
        }
        untrackedQty += o.untrackedQty;
        untrackedPriceTimesQty += o.untrackedPriceTimesQty;
        untrackedSkipped += o.untrackedSkipped;
    }

    // ---- state of the chain ----

    /** Order quantity, else intent quantity, else NaN (unknown). */
    double targetQuantity() {
        if (Double.isFinite(orderQty) && orderQty > 0) {
            return orderQty;
        }
        if (Double.isFinite(intentQty) && intentQty > 0) {
            return intentQty;
        }
        return Double.NaN;
    }

    /** At least one fill, and the filled quantity reached the target (any fill when the target is unknown). */
    boolean fullyFilled() {
        if (fillCount == 0) {
            return false;
        }
        final double target = targetQuantity();
        return Double.isNaN(target) || filledQty >= target * (1 - FILL_TOLERANCE);
    }

    /** Event time of the fill that made the cumulative quantity (in event-time order) reach the target. */
    long fullFillTs() {
        final double target = targetQuantity();
        if (Double.isNaN(target)) {
            return firstFillTs;
        }
        double cumulative = 0;
        for (int i = 0; i < trackedFills; i++) {
            cumulative += fillQty[i];
            if (cumulative >= target * (1 - FILL_TOLERANCE)) {
                return fillTs[i];
            }
        }
        return lastFillTs;
    }

    /**
     * The event that ended the chain, by precedence full fill &gt; risk block &gt; error &gt; cancel (precedence, not
     * time, so that arrival order cannot change it); {@code null} while nothing has ended it.
     */
    String endReason() {
        if (hasOrder() && fullyFilled()) {
            return "full_fill";
        }
        if (riskTs != ABSENT) {
            return "risk_block";
        }
        if (errorTs != ABSENT) {
            return "error";
        }
        if (hasOrder() && cancelTs != ABSENT) {
            return "cancel";
        }
        return null;
    }

    /** Event time of {@link #endReason()}'s event, {@link #ABSENT} while nothing has ended the chain. */
    long endTs() {
        if (hasOrder() && fullyFilled()) {
            return fullFillTs();
        }
        if (riskTs != ABSENT) {
            return riskTs;
        }
        if (errorTs != ABSENT) {
            return errorTs;
        }
        if (hasOrder() && cancelTs != ABSENT) {
            return cancelTs;
        }
        return ABSENT;
    }

    /** The outcome if the chain closed now (the same precedence as {@link #endReason()}). */
    ChainOutcome outcome() {
        if (hasOrder() && fullyFilled()) {
            return ChainOutcome.FILLED;
        }
        if (riskTs != ABSENT) {
            return ChainOutcome.RISK_BLOCKED;
        }
        if (errorTs != ABSENT) {
            return ChainOutcome.ERROR;
        }
        if (!hasOrder()) {
            return ChainOutcome.MISSING_ORDER;
        }
        if (cancelTs != ABSENT) {
            return fillCount > 0 ? ChainOutcome.PARTIALLY_FILLED : ChainOutcome.CANCELLED;
        }
        return fillCount > 0 ? ChainOutcome.PARTIALLY_FILLED : ChainOutcome.MISSING_FILL;
    }

    /** Whether an id-less fill may still join this order (it has one and has not ended). */
    boolean acceptsIdlessFills() {
        return hasOrder() && endReason() == null;
    }

    static long earliest(final long a, final long b) {
        if (a == ABSENT) {
            return b;
        }
        if (b == ABSENT) {
            return a;
        }
        return Math.min(a, b);
    }

    // ---- binary form (value of a chain key in the correlation-state store) ----

    void writeTo(final CompactWriter w) {
        w.writeByte(FORMAT_VERSION);
        w.writeSignedVarLong(rootTs).writeFixedLong(rootFp).writeVarLong(events).writeSignedVarLong(deadline);
        w.writeString(symbol).writeByte(symbolRank);
        w.writeByte(side.ordinal()).writeByte(sideRank);
        w.writeString(mode).writeByte(modeRank);
        w.writeString(exchange).writeByte(exchangeRank);
        w.writeString(strategy).writeByte(strategyRank);
        w.writeString(intentId).writeString(orderId).writeString(brokerOrderId);
        w.writeSignedVarLong(intentTs).writeDouble(intentQty);
        w.writeSignedVarLong(submitTs).writeDouble(orderQty);
        w.writeSignedVarLong(ackTs);
        w.writeSignedVarLong(cancelTs).writeString(cancelReason);
        w.writeSignedVarLong(riskTs).writeString(riskReason);
        w.writeSignedVarLong(errorTs).writeString(errorMessage);
        w.writeByte(intentWait).writeSignedVarLong(anchorTs);
        w.writeSignedVarLong(firstOrderChildTs).writeByte(idlessOrphan ? 1 : 0);
        w.writeVarLong(fillCount).writeDouble(filledQty).writeDouble(pricedQty).writeDouble(priceTimesQty)
                .writeDouble(notional).writeDouble(fees);
        w.writeSignedVarLong(firstFillTs).writeSignedVarLong(lastFillTs);
        w.writeVarLong(trackedFills);
        for (int i = 0; i < trackedFills; i++) {
            w.writeSignedVarLong(fillTs[i]).writeDouble(fillQty[i]);
        }
        w.writeSignedVarLong(firstArrivalMillis).writeSignedVarLong(orderArrivalMillis)
                .writeSignedVarLong(endArrivalMillis).writeSignedVarLong(settleDueMillis)
                .writeByte(stuckReported ? 1 : 0);
        for (int i = 0; i < trackedFills; i++) {
            w.writeDouble(fillPrice[i]);
        }
        w.writeDouble(untrackedQty).writeDouble(untrackedPriceTimesQty).writeVarLong(untrackedSkipped);
    }

    static OpenChain read(final long seq, final CompactReader r) {
        final int version = r.readByte();
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_2 && version != FORMAT_VERSION_1) {
            throw new IllegalArgumentException("unknown open chain format " + version);
        }
        final OpenChain c = new OpenChain(seq);
        c.rootTs = r.readSignedVarLong();
        c.rootFp = r.readFixedLong();
        c.events = r.readVarInt();
        c.deadline = r.readSignedVarLong();
        c.symbol = r.readString();
        c.symbolRank = (byte) r.readByte();
        c.side = Side.values()[r.readByte()];
        c.sideRank = (byte) r.readByte();
        c.mode = r.readString();
        c.modeRank = (byte) r.readByte();
        c.exchange = r.readString();
        c.exchangeRank = (byte) r.readByte();
        c.strategy = r.readString();
        c.strategyRank = (byte) r.readByte();
        c.intentId = r.readString();
        c.orderId = r.readString();
        c.brokerOrderId = r.readString();
        c.intentTs = r.readSignedVarLong();
        c.intentQty = r.readDouble();
        c.submitTs = r.readSignedVarLong();
        c.orderQty = r.readDouble();
        c.ackTs = r.readSignedVarLong();
        c.cancelTs = r.readSignedVarLong();
        c.cancelReason = r.readString();
        c.riskTs = r.readSignedVarLong();
        c.riskReason = r.readString();
        c.errorTs = r.readSignedVarLong();
        c.errorMessage = r.readString();
        c.intentWait = (byte) r.readByte();
        c.anchorTs = r.readSignedVarLong();
        c.firstOrderChildTs = r.readSignedVarLong();
        c.idlessOrphan = r.readByte() != 0;
        c.fillCount = r.readVarInt();
        c.filledQty = r.readDouble();
        c.pricedQty = r.readDouble();
        c.priceTimesQty = r.readDouble();
        c.notional = r.readDouble();
        c.fees = r.readDouble();
        c.firstFillTs = r.readSignedVarLong();
        c.lastFillTs = r.readSignedVarLong();
        final int tracked = r.readVarInt();
        c.fillTs = new long[tracked];
        c.fillQty = new double[tracked];
        for (int i = 0; i < tracked; i++) {
            c.fillTs[i] = r.readSignedVarLong();
            c.fillQty[i] = r.readDouble();
        }
        c.trackedFills = tracked;
        c.fillPrice = new double[tracked];
        if (version >= FORMAT_VERSION_2) {
            c.firstArrivalMillis = r.readSignedVarLong();
            c.orderArrivalMillis = r.readSignedVarLong();
            c.endArrivalMillis = r.readSignedVarLong();
            c.settleDueMillis = r.readSignedVarLong();
            c.stuckReported = r.readByte() != 0;
        }
        if (version >= FORMAT_VERSION) {
            for (int i = 0; i < tracked; i++) {
                c.fillPrice[i] = r.readDouble();
            }
            c.untrackedQty = r.readDouble();
            c.untrackedPriceTimesQty = r.readDouble();
            c.untrackedSkipped = r.readVarInt();
        } else {
            // Written before fills kept their prices: each enters the FIFO at the chain's average fill price.
            Arrays.fill(c.fillPrice, c.pricedQty > 0 ? c.priceTimesQty / c.pricedQty : Double.NaN);
        }
        return c;
    }
}
