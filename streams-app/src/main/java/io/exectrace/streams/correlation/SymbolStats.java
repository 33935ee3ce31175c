package io.exectrace.streams.correlation;

/**
 * Trading totals of one symbol in a session, from the fills of its closed chains (a chain's side decides buy or
 * sell, since emitter fills carry no side).
 */
public final class SymbolStats {
    long fills;
    double filledQuantity;
    double buyQuantity;
    double sellQuantity;
    double notional;
    double fees;
    double pricedQuantity;
    double priceTimesQuantity;

    public long fills() {
        return fills;
    }

    public double filledQuantity() {
        return filledQuantity;
    }

    public double buyQuantity() {
        return buyQuantity;
    }

    public double sellQuantity() {
        return sellQuantity;
    }

    /** Sum of fill notionals (quantity × price where a fill reports none). */
    public double notional() {
        return notional;
    }

    public double fees() {
        return fees;
    }

    /** Volume-weighted average fill price over fills that carry a price; NaN when none. */
    public double vwap() {
        return pricedQuantity > 0 ? priceTimesQuantity / pricedQuantity : Double.NaN;
    }

    void writeTo(final CompactWriter w) {
        w.writeVarLong(fills).writeDouble(filledQuantity).writeDouble(buyQuantity).writeDouble(sellQuantity)
                .writeDouble(notional).writeDouble(fees).writeDouble(pricedQuantity).writeDouble(priceTimesQuantity);
    }

    static SymbolStats read(final CompactReader r) {
        final SymbolStats s = new SymbolStats();
        s.fills = r.readVarLong();
        s.filledQuantity = r.readDouble();
        s.buyQuantity = r.readDouble();
        s.sellQuantity = r.readDouble();
        s.notional = r.readDouble();
        s.fees = r.readDouble();
        s.pricedQuantity = r.readDouble();
        s.priceTimesQuantity = r.readDouble();
        return s;
    }
}
