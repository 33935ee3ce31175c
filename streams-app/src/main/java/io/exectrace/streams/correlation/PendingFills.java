package io.exectrace.streams.correlation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * One symbol's fills of closed chains that have not entered its FIFO yet (fixtures/README.md, "FIFO PnL"): they
 * wait, sorted by event time, until the session clock has passed their time by the PnL horizon, so that every chain
 * that could still bring an earlier fill has closed on the event clock, whichever clock closed it here. Ties are
 * broken by the fill's own values (side, price, quantity), never by arrival, so equal inputs give equal lots
 * bit for bit. Mutable, owned by one {@link SymbolStats}.
 */
final class PendingFills {
    /** One accepted fill: event time, side (+1 buy, -1 sell), quantity and price. */
    record Fill(long ts, int sign, double quantity, double price) {
    }

    static final Comparator<Fill> ORDER = Comparator.comparingLong(Fill::ts)
            .thenComparingInt(Fill::sign)
            .thenComparing(Fill::price, Double::compare)
            .thenComparing(Fill::quantity, Double::compare);

    private final List<Fill> fills = new ArrayList<>(0);

    void add(final Fill f) {
        int at = Collections.binarySearch(fills, f, ORDER);
        if (at < 0) {
            at = -at - 1;
        }
        fills.add(at, f);
    }

    int size() {
        return fills.size();
    }

    /** Event time of the earliest pending fill, {@link Long#MAX_VALUE} when none pends. */
    long firstTs() {
        return fills.isEmpty() ? Long.MAX_VALUE : fills.get(0).ts();
    }

    /** Moves the fills earlier than {@code tsExclusive} into {@code lots}, oldest first; returns how many. */
    int releaseBefore(final long tsExclusive, final FifoLots lots) {
        int n = 0;
        while (n < fills.size() && fills.get(n).ts() < tsExclusive) {
            final Fill f = fills.get(n);
            lots.add(f.sign(), f.quantity(), f.price());
            n++;
        }
        if (n > 0) {
            fills.subList(0, n).clear();
        }
        return n;
    }

    /** Adds every pending fill to {@code lots} in their order, leaving this unchanged (for position and cost). */
    void foldInto(final FifoLots lots) {
        for (final Fill f : fills) {
            lots.add(f.sign(), f.quantity(), f.price());
        }
    }

    void writeTo(final CompactWriter w) {
        w.writeVarLong(fills.size());
        for (final Fill f : fills) {
            w.writeSignedVarLong(f.ts()).writeByte(f.sign() + 1).writeDouble(f.quantity()).writeDouble(f.price());
        }
    }

    /** Reads what {@link #writeTo} wrote into this empty instance. */
    void readFrom(final CompactReader r) {
        final int n = r.readVarInt();
        for (int i = 0; i < n; i++) {
            final long ts = r.readSignedVarLong();
            final int sign = r.readByte() - 1;
            final double q = r.readDouble();
            fills.add(new Fill(ts, sign, q, r.readDouble()));
        }
    }
}
