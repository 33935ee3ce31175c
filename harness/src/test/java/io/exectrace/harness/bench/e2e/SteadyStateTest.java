package io.exectrace.harness.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.exectrace.harness.bench.e2e.SteadyState.Sample;
import io.exectrace.harness.bench.e2e.SteadyState.Timing;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The timing rules of {@link SteadyState} on made-up samples (no clock, no Kafka). */
class SteadyStateTest {
    private static final long SECOND = 1_000_000_000L;

    private static Sample at(final double seconds, final long committed, final boolean stable) {
        return new Sample(Math.round(seconds * SECOND), committed, stable);
    }

    @Test
    void startUpEndsAtTheFirstCommitAndTheSteadyStateStartsAtTheFirstCommitOnceStable() {
        final Timing timing = SteadyState.of(0, List.of(
                at(0.5, 0, false),        // group forming
                at(3.0, 0, false),
                at(4.0, 10_000, false),   // first commit, still rebalancing: ends the start-up
                at(5.0, 10_000, true),    // RUNNING
                at(6.0, 30_000, true),    // first commit seen while stable: the window starts here
                at(7.0, 60_000, true),
                at(11.0, 100_000, true)), // lag 0
                100_000);

        assertThat(timing.startupSeconds()).isCloseTo(4.0, within(1e-9));
        assertThat(timing.totalSeconds()).isCloseTo(11.0, within(1e-9));
        assertThat(timing.steadySeconds()).isCloseTo(5.0, within(1e-9));
        assertThat(timing.steadyRecords()).isEqualTo(70_000);
        assertThat(timing.rate()).isCloseTo(14_000, within(1e-6));
        assertThat(timing.rateFromStart()).isCloseTo(100_000 / 11.0, within(1e-6));
    }

    @Test
    void aCommitInTheSampleWhereTheAppTurnsStableDoesNotStartTheWindow() {
        // Committed between a rebalancing sample and a running one: it may belong to the rebalance.
        final Timing timing = SteadyState.of(0, List.of(
                at(1, 0, false),
                at(2, 5_000, true),
                at(3, 5_000, true),
                at(4, 20_000, true),
                at(6, 50_000, true)), 50_000);

        assertThat(timing.startupSeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(timing.steadySeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(timing.steadyRecords()).isEqualTo(30_000);
    }

    @Test
    void aRebalanceInsideTheWindowCountsAsPartOfTheSteadyState() {
        final Timing timing = SteadyState.of(0, List.of(
                at(1, 1_000, true),
                at(2, 2_000, true),      // window starts
                at(3, 2_000, false),     // a rebalance later on is the app's own cost
                at(4, 3_000, true),
                at(6, 4_000, true)), 4_000);

        assertThat(timing.steadySeconds()).isCloseTo(4.0, within(1e-9));
        assertThat(timing.steadyRecords()).isEqualTo(2_000);
    }

    @Test
    void aRunConsumedWithinItsFirstCommitsHasNoSteadyState() {
        final Timing timing = SteadyState.of(0, List.of(
                at(1, 0, false),
                at(2, 0, true),
                at(3, 5_000, true)), 5_000);

        assertThat(timing.startupSeconds()).isCloseTo(3.0, within(1e-9));
        assertThat(timing.steadySeconds()).isZero();
        assertThat(timing.rate()).isNaN();
        assertThat(timing.rateFromStart()).isCloseTo(5_000 / 3.0, within(1e-9));
    }

    @Test
    void theStartTimeIsTheCallersAndSamplesAfterLagZeroAreIgnored() {
        final Timing timing = SteadyState.of(10 * SECOND, List.of(
                at(11, 100, true),
                at(12, 200, true),
                at(14, 1_000, true),
                at(20, 1_000, true)), 1_000);

        assertThat(timing.startupSeconds()).isCloseTo(1.0, within(1e-9));
        assertThat(timing.totalSeconds()).isCloseTo(4.0, within(1e-9));
        assertThat(timing.steadySeconds()).isCloseTo(2.0, within(1e-9));
        assertThat(timing.rate()).isCloseTo(400, within(1e-9));
    }

    @Test
    void samplesThatNeverReachLagZeroAreAnError() {
        assertThatThrownBy(() -> SteadyState.of(0, List.of(at(1, 10, true), at(2, 20, true)), 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100");
    }

    @Test
    void cpuPerRecordIsTheThreadsCpuTimeInTheWindowOverItsRecords() {
        final Timing timing = SteadyState.of(0, List.of(
                new Sample(1 * SECOND, 0, false, 2 * SECOND, 100L << 20),        // start-up CPU: not counted
                new Sample(2 * SECOND, 10_000, true, 3 * SECOND, 250L << 20),    // the heap's peak counts
                new Sample(3 * SECOND, 20_000, true, 4 * SECOND, 200L << 20),    // window starts
                new Sample(5 * SECOND, 100_000, true, 12 * SECOND, 150L << 20)), // 8 s of CPU, 80 000 records
                100_000);

        assertThat(timing.steadyCpuSeconds()).isCloseTo(8.0, within(1e-9));
        assertThat(timing.peakLiveHeapMib()).isCloseTo(250.0, within(1e-9));
        assertThat(timing.cpuMicrosPerRecord()).isCloseTo(100.0, within(1e-9));
        assertThat(SteadyState.of(0, List.of(at(1, 0, true), at(2, 10, true), at(3, 50, true)), 50)
                .cpuMicrosPerRecord()).as("not measured").isNaN();
    }

    @Test
    void theCpuOfThisJvmsThreadsIsFoundByName() throws InterruptedException {
        final String name = "cpu-probe-" + System.nanoTime();
        final Thread busy = new Thread(() -> {
            long x = 0;
            final long until = System.nanoTime() + 200_000_000L;
            while (System.nanoTime() < until) {
                x += Long.numberOfTrailingZeros(x + 1);
            }
            if (x == 42) {
                System.err.print("");
            }
        }, name + "-StreamThread-1");
        final long before = AppThreadCpu.nanos(name);
        busy.start();
        Thread.sleep(100);
        final long during = AppThreadCpu.nanos(name);
        busy.join();

        assertThat(before).isZero();
        if (AppThreadCpu.supported()) {
            assertThat(during).isPositive();
        }
        assertThat(AppThreadCpu.nanos(name)).as("a thread that ended no longer counts").isZero();
    }

    @Test
    void theLiveHeapIsReadAfterACollection() {
        System.gc();

        assertThat(LiveHeap.afterLastGc()).isPositive()
                .isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
    }
}
