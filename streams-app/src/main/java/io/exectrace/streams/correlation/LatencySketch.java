package io.exectrace.streams.correlation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * A mergeable quantile sketch for latencies in milliseconds (the DDSketch algorithm, written out here): value
 * {@code v > 0} goes to bucket {@code ceil(log(v) / log(gamma))} with {@code gamma = (1 + a) / (1 - a)} and
 * {@code a = } {@value #RELATIVE_ACCURACY}, and a bucket answers {@code 2 gamma^i / (gamma + 1)}, so every quantile
 * is within 1 % (relative) of the exact nearest-rank value: the smallest recorded value with at least {@code q n} of
 * the {@code n} values at or below it, i.e. the {@code ceil(q n)}-th smallest (1-based). Nearest rank keeps the tail
 * of a small sample visible: of ten latencies with one slow, p95 and p99 are the slow one, where the rank
 * {@code floor(q (n - 1))} (0-based) answered a fast one. Zero (anything under half a microsecond) has its own
 * bucket. Count, sum, min and max are exact.
 *
 * <p>Storage is a dense array over the occupied bucket range, at most {@value #MAX_BUCKETS} buckets: that spans
 * 1 µs to over 10^11 ms, so it never fills for latencies; should it, the lowest buckets are merged (only the
 * lowest quantiles then lose accuracy). The binary form lists only non-empty buckets (delta-coded varints),
 * typically 100–400 bytes. Not thread-safe.
 */
public final class LatencySketch {
    /** Guaranteed relative error of every quantile. */
    public static final double RELATIVE_ACCURACY = 0.01;
    static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LN_GAMMA = Math.log(GAMMA);
    /** Latencies have microsecond resolution, so anything below half a microsecond is zero. */
    static final double MIN_INDEXABLE_MS = 0.0005;
    static final int MAX_BUCKETS = 2048;
    /** Version 2 adds the sum's rounding error; version 1 values read with none. */
    private static final int FORMAT_VERSION = 2;
    private static final int FORMAT_VERSION_1 = 1;
    private static final long[] NO_BUCKETS = new long[0];
    static final int SPARSE_MAX = 128;

    /**
     * While at most {@value #SPARSE_MAX} buckets are occupied they are kept sparse, their indexes sorted with
     * their counts: most sketches of one symbol in one session hold a few dozen latencies spread over hundreds of
     * buckets, and a dense array would be mostly zeros (it was most of the viewer's heap on a 2 000-session log).
     * Null when the sketch is dense or has no bucket yet. The answers do not depend on the form.
     */
    private int[] sparseIndex;
    private long[] sparseCount;
    private int sparseSize;
    private long[] counts = NO_BUCKETS;
    private int offset;
    private int minIndex = Integer.MAX_VALUE;
    private int maxIndex = Integer.MIN_VALUE;
    private long zeroCount;
    private long count;
    /** Exact to the last bit whatever the order of the values (see {@link RunningSum}). */
    private final RunningSum sum = new RunningSum();
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    /** Cached binary form; the state serdes write sketches that rarely change, so re-encoding them is waste. */
    private byte[] encoded;
    /** False only for tests' dense reference sketches. */
    private final boolean sparseAllowed;

    public LatencySketch() {
        this(true);
    }

    /** A sketch that starts sparse, or (tests' reference) one that is dense from its first bucket. */
    LatencySketch(final boolean sparseAllowed) {
        this.sparseAllowed = sparseAllowed;
    }

    /** Records one latency; it must be finite and not negative (negative differences are clock problems). */
    public void record(final double ms) {
        if (!(ms >= 0) || ms == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("latency must be finite and >= 0: " + ms);
        }
        count++;
        sum.add(ms);
        min = Math.min(min, ms);
        max = Math.max(max, ms);
        if (ms < MIN_INDEXABLE_MS) {
            zeroCount++;
        } else {
            add(index(ms), 1);
        }
        encoded = null;
    }

    /** Adds every value of {@code other} to this sketch (the result equals a sketch of the union). */
    public void merge(final LatencySketch other) {
        if (other.count == 0) {
            return;
        }
        count += other.count;
        sum.add(other.sum);
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        zeroCount += other.zeroCount;
        if (other.sparseIndex != null) {
            for (int k = 0; k < other.sparseSize; k++) {
                add(other.sparseIndex[k], other.sparseCount[k]);
            }
        } else {
            for (int i = other.minIndex; i <= other.maxIndex; i++) {
                final long n = other.counts[i - other.offset];
                if (n != 0) {
                    add(i, n);
                }
            }
        }
        encoded = null;
    }

    /**
     * The nearest-rank value at quantile {@code q} in [0, 1] (p50 = 0.5, p99 = 0.99): the {@code ceil(q n)}-th
     * smallest of the {@code n} values, within the relative accuracy. {@code q <= 0} gives the exact minimum,
     * {@code q >= 1} the exact maximum, an empty sketch NaN.
     */
    public double quantile(final double q) {
        if (Double.isNaN(q)) {
            throw new IllegalArgumentException("quantile must be a number in [0, 1]: " + q);
        }
        if (count == 0) {
            return Double.NaN;
        }
        if (q <= 0) {
            return min;
        }
        if (q >= 1) {
            return max;
        }
        final long rank = nearestRank(q, count);
        long cumulative = zeroCount;
        if (cumulative >= rank) {
            return clamp(0.0);
        }
        if (sparseIndex != null) {
            for (int k = 0; k < sparseSize; k++) {
                cumulative += sparseCount[k];
                if (cumulative >= rank) {
                    return clamp(value(sparseIndex[k]));
                }
            }
            return max;
        }
        for (int i = minIndex; i <= maxIndex; i++) {
            cumulative += counts[i - offset];
            if (cumulative >= rank) {
                return clamp(value(i));
            }
        }
        return max;
    }

    /**
     * {@code ceil(q n)} for {@code 0 < q < 1}, in [1, n]. Computed in decimal on the shortest form of {@code q}: the
     * binary product can land just above a whole number ({@code 0.07 * 100} is {@code 7.000000000000001}), and
     * {@code Math.ceil} would then skip to the next rank exactly where {@code q n} is integral.
     */
    static long nearestRank(final double q, final long n) {
        final long rank = BigDecimal.valueOf(q).multiply(BigDecimal.valueOf(n))
                .setScale(0, RoundingMode.CEILING).longValueExact();
        return Math.max(1, Math.min(n, rank));
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public double sum() {
        return sum.value();
    }

    /** Exact minimum, NaN when empty. */
    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    /** Exact maximum, NaN when empty. */
    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum.value() / count;
    }

    /** An independent copy. */
    public LatencySketch copy() {
        final LatencySketch c = new LatencySketch();
        c.merge(this);
        return c;
    }

    /** The compact binary form (see the class comment). */
    public byte[] encode() {
        if (encoded == null) {
            final CompactWriter w = new CompactWriter(encodedSizeHint());
            writeUncached(w);
            encoded = w.toByteArray();
        }
        return encoded.clone();
    }

    /** Reads the form written by {@link #encode()}. */
    public static LatencySketch decode(final byte[] bytes) {
        return read(new CompactReader(bytes));
    }

    void writeTo(final CompactWriter w) {
        if (encoded == null) {
            final CompactWriter own = new CompactWriter(encodedSizeHint());
            writeUncached(own);
            encoded = own.toByteArray();
        }
        w.writeBytes(encoded);
    }

    private int encodedSizeHint() {
        return minIndex > maxIndex ? 48 : 48 + 3 * (int) Math.min(MAX_BUCKETS, (long) maxIndex - minIndex + 1);
    }

    private void writeUncached(final CompactWriter w) {
        w.writeByte(FORMAT_VERSION);
        w.writeVarLong(count);
        if (count == 0) {
            return;
        }
        w.writeVarLong(zeroCount).writeDouble(sum.value()).writeDouble(min).writeDouble(max)
                .writeDouble(sum.error());
        if (sparseIndex != null) {
            w.writeVarLong(sparseSize);
            for (int k = 0; k < sparseSize; k++) {
                if (k == 0) {
                    w.writeSignedVarLong(sparseIndex[k]);
                } else {
                    w.writeVarLong((long) sparseIndex[k] - sparseIndex[k - 1]);
                }
                w.writeVarLong(sparseCount[k]);
            }
            return;
        }
        int nonEmpty = 0;
        for (int i = minIndex; i <= maxIndex && minIndex <= maxIndex; i++) {
            if (counts[i - offset] != 0) {
                nonEmpty++;
            }
        }
        w.writeVarLong(nonEmpty);
        int previous = 0;
        boolean first = true;
        for (int i = minIndex; i <= maxIndex && nonEmpty > 0; i++) {
            final long n = counts[i - offset];
            if (n == 0) {
                continue;
            }
            if (first) {
                w.writeSignedVarLong(i);
                first = false;
            } else {
                w.writeVarLong((long) i - previous);
            }
            w.writeVarLong(n);
            previous = i;
        }
    }

    static LatencySketch read(final CompactReader r) {
        final int version = r.readByte();
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
            throw new IllegalArgumentException("unknown latency sketch format " + version);
        }
        final LatencySketch s = new LatencySketch();
        final long count = r.readVarLong();
        if (count == 0) {
            return s;
        }
        s.count = count;
        s.zeroCount = r.readVarLong();
        final double sum = r.readDouble();
        s.min = r.readDouble();
        s.max = r.readDouble();
        s.sum.set(sum, version >= FORMAT_VERSION ? r.readDouble() : 0.0);
        final long nonEmpty = r.readVarLong();
        long index = 0;
        for (long k = 0; k < nonEmpty; k++) {
            index = k == 0 ? r.readSignedVarLong() : index + r.readVarLong();
            if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("sketch bucket index out of range: " + index);
            }
            s.add((int) index, r.readVarLong());
        }
        return s;
    }

    static int index(final double value) {
        return (int) Math.ceil(Math.log(value) / LN_GAMMA);
    }

    static double value(final int index) {
        return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
    }

    private double clamp(final double v) {
        return Math.max(min, Math.min(max, v));
    }

    private void add(final int index, final long n) {
        if (counts.length == 0 && sparseAllowed) {
            if (addSparse(index, n)) {
                minIndex = Math.min(minIndex, index);
                maxIndex = Math.max(maxIndex, index);
                return;
            }
            toDense();
        }
        final int slot = slotFor(index);
        counts[slot] += n;
        final int actual = slot + offset;
        minIndex = Math.min(minIndex, actual);
        maxIndex = Math.max(maxIndex, actual);
    }

    /**
     * Counts {@code n} into the sparse form; false when the sketch must turn dense first: too many buckets, a span
     * wider than {@value #MAX_BUCKETS} (the dense form merges the lowest buckets then), or a zero count (which
     * the dense form lets widen its index range; only a corrupt stored sketch has one).
     */
    private boolean addSparse(final int index, final long n) {
        if (n == 0) {
            return false;
        }
        if (sparseIndex == null) {
            sparseIndex = new int[8];
            sparseCount = new long[8];
        }
        final int pos = Arrays.binarySearch(sparseIndex, 0, sparseSize, index);
        if (pos >= 0) {
            sparseCount[pos] += n;
            return true;
        }
        final long span = (long) Math.max(index, maxIndex) - Math.min(index, minIndex) + 1;
        if (sparseSize == SPARSE_MAX || span > MAX_BUCKETS) {
            return false;
        }
        if (sparseSize == sparseIndex.length) {
            sparseIndex = Arrays.copyOf(sparseIndex, sparseSize * 2);
            sparseCount = Arrays.copyOf(sparseCount, sparseSize * 2);
        }
        final int at = -pos - 1;
        System.arraycopy(sparseIndex, at, sparseIndex, at + 1, sparseSize - at);
        System.arraycopy(sparseCount, at, sparseCount, at + 1, sparseSize - at);
        sparseIndex[at] = index;
        sparseCount[at] = n;
        sparseSize++;
        return true;
    }

    /** Moves the sparse buckets into a dense array over their range, with room on both sides as {@link #slotFor}. */
    private void toDense() {
        final int[] index = sparseIndex;
        final long[] n = sparseCount;
        final int size = sparseSize;
        sparseIndex = null;
        sparseCount = null;
        sparseSize = 0;
        if (size == 0) {
            return;
        }
        final int span = maxIndex - minIndex + 1;
        final int length = Math.min(MAX_BUCKETS, Math.max(span * 2, 32));
        counts = new long[length];
        offset = minIndex - (length - span) / 2;
        for (int k = 0; k < size; k++) {
            counts[index[k] - offset] += n[k];
        }
    }

    /** Array position for a bucket index, growing the array or merging the lowest buckets as needed. */
    private int slotFor(final int index) {
        if (counts.length == 0) {
            counts = new long[32];
            offset = index - 16;
        }
        if (index >= offset && index - offset < counts.length) {
            return index - offset;
        }
        final int lo = Math.min(index, minIndex);
        final int hi = Math.max(index, maxIndex);
        final long span = (long) hi - lo + 1;
        if (span > MAX_BUCKETS) {
            final int newLo = hi - MAX_BUCKETS + 1;
            relocate(newLo, MAX_BUCKETS);
            return Math.max(index, newLo) - offset;
        }
        final int length = (int) Math.min(MAX_BUCKETS, Math.max(span * 2, 32));
        relocate((int) (lo - (length - span) / 2), length);
        return index - offset;
    }

    private void relocate(final int newOffset, final int newLength) {
        final long[] next = new long[newLength];
        int newMin = Integer.MAX_VALUE;
        int newMax = Integer.MIN_VALUE;
        for (int i = minIndex; i <= maxIndex && minIndex <= maxIndex; i++) {
            final long n = counts[i - offset];
            if (n == 0) {
                continue;
            }
            final int target = Math.max(i, newOffset);
            next[target - newOffset] += n;
            newMin = Math.min(newMin, target);
            newMax = Math.max(newMax, target);
        }
        counts = next;
        offset = newOffset;
        minIndex = newMin;
        maxIndex = newMax;
    }

    @Override
    public String toString() {
        return "LatencySketch{count=" + count + ", p50=" + quantile(0.5) + ", p99=" + quantile(0.99)
                + ", max=" + max() + ", buckets="
                + (sparseIndex != null ? sparseSize : Arrays.stream(counts).filter(c -> c != 0).count()) + '}';
    }
}
