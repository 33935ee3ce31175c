package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunningSumTest {

    /** Fill-like quantities and notionals: up to 6 decimals, 1e-6 to 1e5. */
    private static List<Double> values(final Random random, final int n) {
        final List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final double magnitude = Math.pow(10, random.nextInt(11) - 6);
            values.add(Math.round(random.nextDouble() * magnitude * 1e6) / 1e6 + random.nextInt(3) * magnitude);
        }
        return values;
    }

    private static double sum(final List<Double> values) {
        final RunningSum sum = new RunningSum();
        values.forEach(sum::add);
        return sum.value();
    }

    @Test
    void theSumIsTheRoundedExactSumWhateverTheOrder() {
        final Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            final List<Double> values = values(random, 1 + random.nextInt(400));
            BigDecimal exact = BigDecimal.ZERO;
            for (final double v : values) {
                exact = exact.add(new BigDecimal(v));
            }
            final double expected = exact.round(MathContext.DECIMAL128).doubleValue();
            assertThat(sum(values)).isEqualTo(expected);
            Collections.shuffle(values, random);
            assertThat(sum(values)).isEqualTo(expected);
        }
    }

    @Test
    void plainDoubleAdditionWouldDependOnTheOrder() {
        // the case the chaos rig found: 17 fills of one symbol summed in two orders
        final List<Double> values = values(new Random(7), 17);
        boolean differs = false;
        final Random random = new Random(1);
        for (int i = 0; i < 50 && !differs; i++) {
            double a = 0;
            for (final double v : values) {
                a += v;
            }
            Collections.shuffle(values, random);
            double b = 0;
            for (final double v : values) {
                b += v;
            }
            differs = a != b;
        }
        assertThat(differs).as("the test data is sensitive to the order").isTrue();
    }

    @Test
    void mergingTwoSumsEqualsAddingEveryTerm() {
        final List<Double> values = values(new Random(3), 300);
        final RunningSum left = new RunningSum();
        final RunningSum right = new RunningSum();
        for (int i = 0; i < values.size(); i++) {
            (i % 3 == 0 ? left : right).add(values.get(i));
        }
        left.add(right);
        assertThat(left.value()).isEqualTo(sum(values));
    }

    @Test
    void aReloadedSumGoesOnExactly() {
        final List<Double> values = values(new Random(5), 200);
        final RunningSum first = new RunningSum();
        values.subList(0, 100).forEach(first::add);
        final RunningSum reloaded = new RunningSum();
        reloaded.set(first.value(), first.error());
        values.subList(100, 200).forEach(reloaded::add);
        assertThat(reloaded.value()).isEqualTo(sum(values));
    }
}
