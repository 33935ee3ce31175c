package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class UtcMicrosTest {

    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() * 1_000_000L + 999_999L;

    @Test
    void instantTextIsWhatInstantToStringGives() {
        final long[] edges = {0, 1, -1, 999, 1000, 1_000_000, -1_000_000, 1_500_000, FIRST, FIRST + 1, LAST,
            LAST - 999_999, Instant.parse("2024-02-29T23:59:59.999999Z").getEpochSecond() * 1_000_000L,
            Instant.parse("1900-03-01T00:00:00.000100Z").getEpochSecond() * 1_000_000L + 100,
            Instant.parse("2000-02-29T12:00:00Z").getEpochSecond() * 1_000_000L};
        for (final long micros : edges) {
            assertThat(instantText(micros)).as("micros %d", micros).isEqualTo(viaInstant(micros));
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long micros = random.nextLong(FIRST, LAST + 1);
            // a third each: whole seconds, whole milliseconds, microseconds
            micros -= switch (i % 3) {
                case 0 -> Math.floorMod(micros, 1_000_000L);
                case 1 -> Math.floorMod(micros, 1_000L);
                default -> 0;
            };
            assertThat(instantText(micros)).as("micros %d", micros).isEqualTo(viaInstant(micros));
        }
    }

    @Test
    void yearsWithoutFourDigitsAreLeftToInstant() {
        final byte[] out = new byte[UtcMicros.MAX_TEXT_BYTES];
        assertThat(UtcMicros.writeInstantText(FIRST - 1, out, 0)).isEqualTo(-1);
        assertThat(UtcMicros.writeInstantText(LAST + 1, out, 0)).isEqualTo(-1);
        assertThat(UtcMicros.writeInstantText(Long.MIN_VALUE, out, 0)).isEqualTo(-1);
    }

    private static String instantText(final long micros) {
        final byte[] out = new byte[3 + UtcMicros.MAX_TEXT_BYTES];
        final int end = UtcMicros.writeInstantText(micros, out, 3);
        return new String(out, 3, end - 3, StandardCharsets.ISO_8859_1);
    }

    private static String viaInstant(final long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                .toString();
    }
}
