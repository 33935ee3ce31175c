package io.exectrace.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sessions move from active to idle to closed with wall-clock silence, and are forgotten after the retention. */
class RunStatesTest {
    private static final long MINUTE = 60_000L;

    @Test
    void statesFollowTheSilenceSinceEachSessionsLatestEvent() {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        final RunStates states = new RunStates(10 * MINUTE, 60 * MINUTE, now::get);
        states.touch("a", "live", now.get());
        states.touch("b", "live", now.get());
        states.touch("c", "paper", now.get());
        assertThat(counts(states, "live")).containsExactly(2L, 0L, 0L);
        assertThat(counts(states, "paper")).containsExactly(1L, 0L, 0L);

        now.addAndGet(6 * MINUTE); // past the 5 minutes of "active", before the 10-minute idle timeout
        states.touch("b", "live", now.get());
        assertThat(counts(states, "live")).containsExactly(1L, 1L, 0L);

        now.addAndGet(5 * MINUTE); // a: 11 min silent (closed), b: 5 min (idle), c: 11 min (closed)
        assertThat(counts(states, "live")).containsExactly(0L, 1L, 1L);
        assertThat(counts(states, "paper")).containsExactly(0L, 0L, 1L);

        now.addAndGet(50 * MINUTE); // a and c silent for longer than the retention: forgotten
        assertThat(counts(states, "live")).containsExactly(0L, 0L, 1L);
        assertThat(counts(states, "paper")).containsExactly(0L, 0L, 0L);
        assertThat(counts(states, "shadow")).containsExactly(0L, 0L, 0L);
    }

    @Test
    void countsAreRecomputedAtMostOncePerSecond() {
        final AtomicLong now = new AtomicLong(5_000L);
        final RunStates states = new RunStates(5 * MINUTE, 60 * MINUTE, now::get);
        assertThat(states.count("live", RunStates.ACTIVE)).isZero();
        states.touch("a", "live", now.get());
        assertThat(states.count("live", RunStates.ACTIVE)).as("within the second of the last read").isZero();
        now.addAndGet(RunStates.SNAPSHOT_MILLIS);
        assertThat(states.count("live", RunStates.ACTIVE)).isEqualTo(1);
    }

    private static long[] counts(final RunStates states, final String mode) {
        return new long[] {states.count(mode, RunStates.ACTIVE), states.count(mode, RunStates.IDLE),
            states.count(mode, RunStates.CLOSED)};
    }
}
