package io.exectrace.streams.correlation;

/**
 * Trading totals of one symbol in a session, from the fills of its closed chains (a chain's side decides buy or
 * sell, since emitter fills carry no side).
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

    private RunningSum[] sums() {
        return new RunningSum[] {filledQuantity, buyQuantity, sellQuantity, notional, fees, pricedQuantity,
            priceTimesQuantity};
    }

    /** The summary's format 2 adds each sum's rounding error after the sums. */
    void writeTo(final CompactWriter w) {
        w.writeVarLong(fills);
        for (final RunningSum sum : sums()) {
            w.writeDouble(sum.value());
        }
        for (final RunningSum sum : sums()) {
            w.writeDouble(sum.error());
        }
    }

    static SymbolStats read(final CompactReader r, final boolean withErrors) {
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
        return s;
    }
}
