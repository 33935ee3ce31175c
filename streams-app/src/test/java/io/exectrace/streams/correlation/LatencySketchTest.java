package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LatencySketchTest {
    private static final double[] QUANTILES = {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};
    /** The documented bound plus floating-point slack at exact bucket boundaries. */
    private static final double MAX_RELATIVE_ERROR = LatencySketch.RELATIVE_ACCURACY + 1e-12;

    private static double[] logNormal(final long seed, final int n, final double mu, final double sigma) {
        final Random random = new Random(seed);
        final double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.exp(mu + sigma * random.nextGaussian());
        }
        return values;
    }

    /** The exact nearest-rank value; the 1e-9 keeps an integral q n (0.07 * 100) from rounding up a rank. */
    private static double exact(final double[] sorted, final double q) {
        final int rank = (int) Math.ceil(q * sorted.length - 1e-9);
        return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
    }

    private static LatencySketch sketchOf(final double... values) {
        final LatencySketch sketch = new LatencySketch();
        for (final double v : values) {
            sketch.record(v);
        }
        return sketch;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2025})
    void quantilesOfLogNormalSamplesAreWithinOnePercent(final long seed) {
        // latencies around 50 ms with a heavy tail (sigma 1.5 spans 0.1 ms .. 10 s)
        final double[] values = logNormal(seed, 20_000, Math.log(50), 1.5);
        final LatencySketch sketch = new LatencySketch();
        for (final double v : values) {
            sketch.record(v);
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (final double q : QUANTILES) {
            final double expected = exact(sorted, q);
            assertThat(Math.abs(sketch.quantile(q) - expected) / expected)
                    .as("q=%s", q).isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
        }
        assertThat(sketch.count()).isEqualTo(values.length);
        assertThat(sketch.min()).isEqualTo(sorted[0]);
        assertThat(sketch.max()).isEqualTo(sorted[sorted.length - 1]);
        assertThat(sketch.sum()).isCloseTo(Arrays.stream(values).sum(), within(1e-6));
        assertThat(sketch.quantile(0)).isEqualTo(sorted[0]);
        assertThat(sketch.quantile(1)).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void mergeEqualsTheSketchOfTheUnion() {
        final double[] a = logNormal(7, 5_000, Math.log(20), 1.0);
        final double[] b = logNormal(8, 3_000, Math.log(2_000), 0.5);
        final LatencySketch left = new LatencySketch();
        final LatencySketch right = new LatencySketch();
        final LatencySketch union = new LatencySketch();
        for (final double v : a) {
            left.record(v);
            union.record(v);
        }
        for (final double v : b) {
            right.record(v);
            union.record(v);
        }
        right.record(0.0);
        union.record(0.0);
        left.merge(right);

        assertThat(left.count()).isEqualTo(union.count());
        assertThat(left.min()).isEqualTo(union.min());
        assertThat(left.max()).isEqualTo(union.max());
        for (final double q : QUANTILES) {
            assertThat(left.quantile(q)).as("q=%s", q).isEqualTo(union.quantile(q));
        }
        final double[] all = new double[a.length + b.length + 1];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        for (final double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
            final double expected = exact(all, q);
            assertThat(Math.abs(left.quantile(q) - expected) / expected).isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
        }
    }

    @Test
    void zeroLatenciesHaveTheirOwnBucket() {
        final LatencySketch sketch = new LatencySketch();
        for (int i = 0; i < 90; i++) {
            sketch.record(0.0);
        }
        for (int i = 0; i < 10; i++) {
            sketch.record(100.0);
        }
        assertThat(sketch.quantile(0.5)).isEqualTo(0.0);
        assertThat(sketch.quantile(0.89)).isEqualTo(0.0);
        assertThat(sketch.quantile(0.9)).isEqualTo(0.0);                    // rank 90: the last zero
        assertThat(sketch.quantile(0.91)).isCloseTo(100.0, within(1.0));    // rank 91: the first 100
        assertThat(sketch.quantile(0.95)).isCloseTo(100.0, within(1.0));
        assertThat(sketch.max()).isEqualTo(100.0);
    }

    @Test
    void oneSlowChainInTenIsP95AndP99NotHiddenBehindTheFastOnes() {
        // Issue 15: nine chains at 100 ms and one at 5 s reported p90 = p95 = p99 = 100.5 ms next to max 5000 ms.
        final double[] values = new double[10];
        Arrays.fill(values, 100.0);
        values[7] = 5_000.0;
        final LatencySketch sketch = sketchOf(values);
        assertThat(sketch.quantile(0.5)).isCloseTo(100.0, withinPercentage(1));
        assertThat(sketch.quantile(0.9)).isCloseTo(100.0, withinPercentage(1));   // rank 9 of 10: still fast
        assertThat(sketch.quantile(0.95)).isCloseTo(5_000.0, withinPercentage(1)); // rank ceil(9.5) = 10
        assertThat(sketch.quantile(0.99)).isCloseTo(5_000.0, withinPercentage(1));
        assertThat(sketch.max()).isEqualTo(5_000.0);
    }

    @Test
    void nearestRankOfOneAndTwoValues() {
        final LatencySketch one = sketchOf(42.0);
        for (final double q : QUANTILES) {
            assertThat(one.quantile(q)).as("q=%s", q).isEqualTo(42.0);
        }
        // n = 2: p50 is rank ceil(1.0) = 1, the smaller value; anything above p50 is the larger one.
        final LatencySketch two = sketchOf(300.0, 10.0);
        assertThat(two.quantile(0.5)).isCloseTo(10.0, withinPercentage(1));
        assertThat(two.quantile(0.51)).isCloseTo(300.0, withinPercentage(1));
        assertThat(two.quantile(0.01)).isCloseTo(10.0, withinPercentage(1));
    }

    @Test
    void anIntegralRankIsNotRoundedUpByFloatingPointError() {
        // 20 values 100, 200 .. 2000: 0.95 * 20 = 19 exactly, so p95 is the 19th value, not the 20th.
        final double[] twenty = new double[20];
        for (int i = 0; i < twenty.length; i++) {
            twenty[i] = (i + 1) * 100.0;
        }
        final LatencySketch sketch = sketchOf(twenty);
        assertThat(sketch.quantile(0.95)).isCloseTo(1_900.0, withinPercentage(1));
        assertThat(sketch.quantile(0.9)).isCloseTo(1_800.0, withinPercentage(1));
        assertThat(sketch.quantile(0.5)).isCloseTo(1_000.0, withinPercentage(1));
        // In binary 0.07 * 100 is 7.000000000000001; the rank is still 7.
        final double[] hundred = new double[100];
        for (int i = 0; i < hundred.length; i++) {
            hundred[i] = (i + 1) * 10.0;
        }
        assertThat(0.07 * 100).isGreaterThan(7.0);
        assertThat(LatencySketch.nearestRank(0.07, 100)).isEqualTo(7);
        assertThat(sketchOf(hundred).quantile(0.07)).isCloseTo(70.0, withinPercentage(1));
        assertThat(LatencySketch.nearestRank(0.95, 20)).isEqualTo(19);
        assertThat(LatencySketch.nearestRank(0.951, 20)).isEqualTo(20);
        assertThat(LatencySketch.nearestRank(1e-12, 5)).isEqualTo(1);
        assertThat(LatencySketch.nearestRank(0.999_999, 5)).isEqualTo(5);
    }

    @Test
    void aQuantileThatIsNotANumberIsRejected() {
        assertThatThrownBy(() -> sketchOf(1.0).quantile(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void singleValueIsExactThanksToMinMaxClamping() {
        final LatencySketch sketch = new LatencySketch();
        sketch.record(123.456);
        assertThat(sketch.quantile(0.5)).isEqualTo(123.456);
        assertThat(sketch.quantile(0.99)).isEqualTo(123.456);
    }

    @Test
    void emptySketchAnswersNaN() {
        final LatencySketch sketch = new LatencySketch();
        assertThat(sketch.quantile(0.5)).isNaN();
        assertThat(sketch.max()).isNaN();
        assertThat(sketch.count()).isZero();
        assertThat(LatencySketch.decode(sketch.encode()).count()).isZero();
    }

    @Test
    void negativeOrNonFiniteLatenciesAreRejected() {
        final LatencySketch sketch = new LatencySketch();
        assertThatThrownBy(() -> sketch.record(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.record(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.record(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void binaryFormRoundTripsAndIsCompact() {
        final double[] values = logNormal(11, 50_000, Math.log(80), 0.8);
        final LatencySketch sketch = new LatencySketch();
        for (final double v : values) {
            sketch.record(v);
        }
        sketch.record(0.0);
        final byte[] bytes = sketch.encode();
        final LatencySketch decoded = LatencySketch.decode(bytes);
        assertThat(decoded.count()).isEqualTo(sketch.count());
        assertThat(decoded.sum()).isEqualTo(sketch.sum());
        assertThat(decoded.min()).isEqualTo(sketch.min());
        assertThat(decoded.max()).isEqualTo(sketch.max());
        for (final double q : QUANTILES) {
            assertThat(decoded.quantile(q)).isEqualTo(sketch.quantile(q));
        }
        assertThat(decoded.encode()).isEqualTo(bytes);
        // 50,000 values over ~2.5 decades of latency: a few hundred buckets, ~2-3 bytes each
        assertThat(bytes.length).isLessThan(1_200);
    }

    @Test
    void extremeRangeCollapsesLowestBucketsButKeepsHighQuantiles() {
        final LatencySketch sketch = new LatencySketch();
        for (int i = 0; i < 1000; i++) {
            sketch.record(0.001 * Math.pow(10, i % 20));   // 1 µs .. 1e16 ms: wider than the bucket budget
        }
        assertThat(sketch.count()).isEqualTo(1000);
        assertThat(sketch.max()).isEqualTo(0.001 * Math.pow(10, 19));
        assertThat(Math.abs(sketch.quantile(0.99) - 0.001 * Math.pow(10, 19)) / (0.001 * Math.pow(10, 19)))
                .isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
        assertThat(LatencySketch.decode(sketch.encode()).quantile(0.99)).isEqualTo(sketch.quantile(0.99));
    }

    /**
     * The sparse form (few occupied buckets) answers, encodes and merges exactly as the dense form: sample sizes
     * on both sides of {@link LatencySketch#SPARSE_MAX}, spreads narrow and wider than
     * {@link LatencySketch#MAX_BUCKETS} (where the lowest buckets merge), zeros, and merges in every direction.
     */
    @Test
    void sparseBucketsGiveTheDenseAnswersBitForBit() {
        final Random random = new Random(7);
        final double[] qs = {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};
        for (int round = 0; round < 400; round++) {
            final int n = 1 + random.nextInt(3 * LatencySketch.SPARSE_MAX);
            final double sigma = round % 4 == 0 ? 25.0 : 0.1 + random.nextDouble() * 3;
            final LatencySketch sparse = new LatencySketch();
            final LatencySketch dense = new LatencySketch(false);
            final LatencySketch otherSparse = new LatencySketch();
            final LatencySketch otherDense = new LatencySketch(false);
            for (int i = 0; i < n; i++) {
                final double v = random.nextInt(20) == 0 ? 0.0 : Math.exp(Math.log(50) + sigma * random.nextGaussian());
                if (!Double.isFinite(v)) {
                    continue;
                }
                sparse.record(v);
                dense.record(v);
                if (random.nextBoolean()) {
                    otherSparse.record(v * 3);
                    otherDense.record(v * 3);
                }
            }
            assertSame(sparse, dense, qs, round);
            assertThat(LatencySketch.decode(sparse.encode()).encode()).isEqualTo(dense.encode());
            final LatencySketch a = sparse.copy();
            a.merge(otherSparse);
            final LatencySketch b = new LatencySketch(false);
            b.merge(dense);
            b.merge(otherDense);
            // Sparse into dense, in the same order as b (the sum's stored rounding error depends on the order).
            final LatencySketch c = new LatencySketch(false);
            c.merge(sparse);
            c.merge(otherSparse);
            // Dense into sparse.
            final LatencySketch d = new LatencySketch();
            d.merge(dense);
            d.merge(otherDense);
            assertSame(a, b, qs, round);
            assertSame(c, b, qs, round);
            assertSame(d, b, qs, round);
        }
    }

    private static void assertSame(final LatencySketch actual, final LatencySketch expected, final double[] qs,
                                   final int round) {
        assertThat(actual.encode()).as("round %d", round).isEqualTo(expected.encode());
        for (final double q : qs) {
            assertThat(Double.doubleToLongBits(actual.quantile(q))).as("round %d q %s", round, q)
                    .isEqualTo(Double.doubleToLongBits(expected.quantile(q)));
        }
        assertThat(actual.count()).isEqualTo(expected.count());
    }
}
