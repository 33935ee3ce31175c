package io.exectrace.streams.correlation;

import io.exectrace.events.Side;
import java.util.Arrays;

/**
 * One symbol's open lots and realized PnL by FIFO lot matching (the rule is in fixtures/README.md, "FIFO PnL"): a
 * fill first closes lots of the other side, oldest first, and what is left of it opens a lot of its own. Open lots
 * are all of one side, kept oldest first in a ring of two primitive arrays, so a fill costs a few array accesses and
 * no allocation. Mutable, owned by one {@link SymbolStats}.
 */
final class FifoLots {
    /**
     * Open lots kept at most; beyond that a new lot merges into the newest at their quantity-weighted price (an
     * approximation only a position built from more than this many distinct prices on one side meets), so that the
     * summary, rewritten per closed chain, stays small.
     */
    static final int MAX_LOTS = 1024;
    /** Quantities within this relative difference are equal (the contract's fill tolerance). */
    static final double QTY_TOLERANCE = 1e-9;
    private static final double[] NONE = new double[0];

    private double[] qty = NONE;
    private double[] price = NONE;
    /** Index of the oldest lot in the ring. */
    private int head;
    private int size;
    /** +1 when the open lots are long, -1 when short, 0 when flat. */
    private int sign;
    final RunningSum realized = new RunningSum();
    long skipped;

    /** Adds one fill; one without a known side, a positive quantity or a price is only counted as skipped. */
    void add(final Side side, final double quantity, final double fillPrice) {
        if (!accepts(side, quantity, fillPrice)) {
            skipped++;
            return;
        }
        add(side == Side.BUY ? 1 : -1, quantity, fillPrice);
    }

    /** Whether a fill enters the FIFO: a known side, a finite positive quantity and a finite price. */
    static boolean accepts(final Side side, final double quantity, final double fillPrice) {
        return (side == Side.BUY || side == Side.SELL) && quantity > 0 && Double.isFinite(quantity)
                && Double.isFinite(fillPrice);
    }

    /** Adds one accepted fill of side {@code s} (+1 buy, -1 sell). */
    void add(final int s, final double quantity, final double fillPrice) {
        double remaining = quantity;
        while (size > 0 && sign == -s) {
            final int i = head;
            final double lot = qty[i];
            if (lot <= remaining * (1 + QTY_TOLERANCE)) {
                realized.add(s * (price[i] - fillPrice) * lot);
                remaining -= lot;
                head = (head + 1) % qty.length;
                size--;
                if (remaining <= quantity * QTY_TOLERANCE) {
                    remaining = 0;
                    break;
                }
            } else {
                realized.add(s * (price[i] - fillPrice) * remaining);
                qty[i] = lot - remaining;
                remaining = 0;
                break;
            }
        }
        if (size == 0) {
            sign = 0;
        }
        if (remaining > 0) {
            open(s, remaining, fillPrice);
        }
    }

    private void open(final int s, final double q, final double p) {
        sign = s;
        if (size > 0) {
            final int tail = (head + size - 1) % qty.length;
            if (price[tail] == p) {
                qty[tail] += q;
                return;
            }
            if (size == MAX_LOTS) {
                final double merged = qty[tail] + q;
                price[tail] = (qty[tail] * price[tail] + q * p) / merged;
                qty[tail] = merged;
                return;
            }
        }
        if (size == qty.length) {
            grow();
        }
        final int at = (head + size) % qty.length;
        qty[at] = q;
        price[at] = p;
        size++;
    }

    /** Unrolls the ring into arrays twice as large (oldest lot first). */
    private void grow() {
        final int n = Math.min(MAX_LOTS, Math.max(4, qty.length * 2));
        final double[] q = new double[n];
        final double[] p = new double[n];
        for (int k = 0; k < size; k++) {
            q[k] = qty[(head + k) % qty.length];
            p[k] = price[(head + k) % qty.length];
        }
        qty = q;
        price = p;
        head = 0;
    }

    /** An independent copy (to fold pending fills into without touching this one). */
    FifoLots copy() {
        final FifoLots c = new FifoLots();
        c.qty = qty.clone();
        c.price = price.clone();
        c.head = head;
        c.size = size;
        c.sign = sign;
        c.realized.set(realized.value(), realized.error());
        c.skipped = skipped;
        return c;
    }

    /** Open lots (after equal-price merging). */
    int lots() {
        return size;
    }

    /** Signed open quantity: positive long, negative short, 0 flat. */
    double position() {
        double sum = 0;
        for (int k = 0; k < size; k++) {
            sum += qty[(head + k) % qty.length];
        }
        return sign * sum;
    }

    /** Quantity-weighted average price of the open lots; NaN when flat. */
    double averageCost() {
        if (size == 0) {
            return Double.NaN;
        }
        double q = 0;
        double pq = 0;
        for (int k = 0; k < size; k++) {
            final int i = (head + k) % qty.length;
            q += qty[i];
            pq += qty[i] * price[i];
        }
        return pq / q;
    }

    void writeTo(final CompactWriter w) {
        w.writeVarLong(skipped);
        w.writeDouble(realized.value()).writeDouble(realized.error());
        w.writeByte(sign + 1);
        w.writeVarLong(size);
        for (int k = 0; k < size; k++) {
            final int i = (head + k) % qty.length;
            w.writeDouble(qty[i]).writeDouble(price[i]);
        }
    }

    /** Reads what {@link #writeTo} wrote into this empty instance. */
    void readFrom(final CompactReader r) {
        skipped = r.readVarLong();
        final double value = r.readDouble();
        realized.set(value, r.readDouble());
        sign = r.readByte() - 1;
        final int n = r.readVarInt();
        if (n > 0) {
            qty = new double[Math.max(4, Integer.highestOneBit(n - 1) << 1)];
            price = new double[qty.length];
            for (int k = 0; k < n; k++) {
                qty[k] = r.readDouble();
                price[k] = r.readDouble();
            }
        }
        head = 0;
        size = n;
    }

    @Override
    public String toString() {
        return "FifoLots[sign=" + sign + ", qty=" + Arrays.toString(qty) + ", price=" + Arrays.toString(price)
                + ", head=" + head + ", size=" + size + ", realized=" + realized.value() + "]";
    }
}
