package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PollPacingTest {

    private static final long MS = 1_000_000L;

    @Test
    void youngOrNothingOutstandingPollsAtTheBaseInterval() {
        assertThat(PollPacing.waitNanos(2 * MS, 0)).isEqualTo(2 * MS);
        assertThat(PollPacing.waitNanos(2 * MS, -5 * MS)).isEqualTo(2 * MS);
        assertThat(PollPacing.waitNanos(2 * MS, 40 * MS)).isEqualTo(2 * MS);
    }

    @Test
    void olderOutstandingPollsEveryTwentiethOfItsAgeUpTo50Ms() {
        assertThat(PollPacing.waitNanos(2 * MS, 100 * MS)).isEqualTo(5 * MS);
        assertThat(PollPacing.waitNanos(2 * MS, 250 * MS)).isEqualTo(12_500_000L);
        assertThat(PollPacing.waitNanos(2 * MS, 1_000 * MS)).isEqualTo(50 * MS);
        assertThat(PollPacing.waitNanos(2 * MS, 30_000 * MS)).isEqualTo(50 * MS);
    }

    @Test
    void aLongerBaseIntervalIsNeverShortened() {
        assertThat(PollPacing.waitNanos(80 * MS, 1_000 * MS)).isEqualTo(80 * MS);
    }
}
