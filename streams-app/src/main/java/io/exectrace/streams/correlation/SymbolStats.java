package io.exectrace.streams.correlation;

import io.exectrace.events.Side;

/**
 * Trading totals of one symbol in a session, from the fills of its closed chains (a chain's side decides buy or
 * sell, since emitter fills carry no side), with its realized PnL and open position by FIFO lot matching (fills enter
 * the lots in event-time order once the session clock has passed them by the PnL horizon; until then they pend).
 */
public final class SymbolStats {
    long fills;
    final RunningSum filledQuantity = new RunningSum();
    final RunningSum buyQuantity = new RunningSum();
    final RunningSum sellQuantity = new RunningSum();
    final RunningSum notional = new RunningSum();
    final RunningSum fees = new RunningSum();
    final RunningSum pricedQuantity = new RunningSum();
    final RunningSum priceTimesQuantity = new RunningSum();
    final FifoLots lots = new FifoLots();
    final PendingFills pending = new PendingFills();

    public long fills() {
        return fills;
    }

    public double filledQuantity() {
        return filledQuantity.value();
    }

    public double buyQuantity() {
        return buyQuantity.value();
    }

    public double sellQuantity() {
        return sellQuantity.value();
    }

    /** Sum of fill notionals (quantity × price where a fill reports none). */
    public double notional() {
        return notional.value();
    }

    public double fees() {
        return fees.value();
    }

    /** Volume-weighted average fill price over fills that carry a price; NaN when none. */
    public double vwap() {
        return pricedQuantity.value() > 0 ? priceTimesQuantity.value() / pricedQuantity.value() : Double.NaN;
    }

    /** Takes one fill of a closed chain: pending when the FIFO accepts it, else counted as skipped. */
    void pend(final Side side, final long ts, final double quantity, final double price) {
        if (FifoLots.accepts(side, quantity, price)) {
            pending.add(new PendingFills.Fill(ts, side == Side.BUY ? 1 : -1, quantity, price));
        } else {
            lots.skipped++;
        }
    }

    /** Realized PnL by FIFO lot matching of the fills no longer pending, fees not included (quote currency). */
    public double realizedPnl() {
        return lots.realized.value();
    }

    /** {@link #realizedPnl()} minus {@link #fees()}: fees are taken as stated in the quote currency. */
    public double realizedPnlNet() {
        return lots.realized.value() - fees.value();
    }

    /**
     * Signed open quantity, pending fills included (folded into a copy of the lots in their order): positive long,
     * negative short, 0 flat.
     */
    public double position() {
        return withPending().position();
    }

    /** Quantity-weighted average price of the open lots, pending fills included; NaN when flat. */
    public double averageCost() {
        return withPending().averageCost();
    }

    /** Fills of closed chains waiting for the session clock to pass them by the PnL horizon. */
    public long pnlPendingFills() {
        return pending.size();
    }

    private FifoLots withPending() {
        if (pending.size() == 0) {
            return lots;
        }
        final FifoLots all = lots.copy();
        pending.foldInto(all);
        return all;
    }

    /** Fills left out of the FIFO: no price, no positive quantity, or no known side. */
    public long pnlSkippedFills() {
        return lots.skipped;
    }

    private RunningSum[] sums() {
        return new RunningSum[] {filledQuantity, buyQuantity, sellQuantity, notional, fees, pricedQuantity,
            priceTimesQuantity};
    }

    /**
     * The summary's format 2 adds each sum's rounding error after the sums, format 3 the FIFO lots, format 4 the
     * pending fills.
     */
    void writeTo(final CompactWriter w) {
        w.writeVarLong(fills);
        for (final RunningSum sum : sums()) {
            w.writeDouble(sum.value());
        }
        for (final RunningSum sum : sums()) {
            w.writeDouble(sum.error());
        }
        lots.writeTo(w);
        pending.writeTo(w);
    }

    /**
     * Reads {@link #writeTo} of summary format {@code version}; before format 3 the FIFO starts empty (flat, nothing
     * realized) at the point of the upgrade, before format 4 nothing pends.
     */
    static SymbolStats read(final CompactReader r, final int version) {
        final boolean withErrors = version >= 2;
        final SymbolStats s = new SymbolStats();
        s.fills = r.readVarLong();
        final RunningSum[] sums = s.sums();
        final double[] values = new double[sums.length];
        for (int i = 0; i < sums.length; i++) {
            values[i] = r.readDouble();
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i].set(values[i], withErrors ? r.readDouble() : 0.0);
        }
        if (version >= 3) {
            s.lots.readFrom(r);
        }
        if (version >= 4) {
            s.pending.readFrom(r);
        }
        return s;
    }
}
