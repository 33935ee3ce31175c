package io.exectrace.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Writing times: {@link IsoTimestamp#format}, {@link IsoTimestamp#writeInstantText} and the lenient read back. */
class IsoTimestampTextTest {

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
        final byte[] out = new byte[IsoTimestamp.MAX_TEXT_BYTES];
        assertThat(IsoTimestamp.writeInstantText(FIRST - 1, out, 0)).isEqualTo(-1);
        assertThat(IsoTimestamp.writeInstantText(LAST + 1, out, 0)).isEqualTo(-1);
        assertThat(IsoTimestamp.writeInstantText(Long.MIN_VALUE, out, 0)).isEqualTo(-1);
    }

    @Test
    void formatWritesThreeOrSixFractionDigits() {
        assertThat(IsoTimestamp.format(IsoTimestamp.parseInstant("2025-12-20T10:00:00Z")))
                .isEqualTo("2025-12-20T10:00:00.000Z");
        assertThat(IsoTimestamp.format(IsoTimestamp.parseInstant("2025-12-20T10:00:00.15Z")))
                .isEqualTo("2025-12-20T10:00:00.150Z");
        assertThat(IsoTimestamp.format(IsoTimestamp.parseInstant("2025-12-20T09:30:00.100500+00:00")))
                .isEqualTo("2025-12-20T09:30:00.100500Z");
        assertThat(IsoTimestamp.format(-1)).isEqualTo("1969-12-31T23:59:59.999999Z");
        assertThat(IsoTimestamp.format(IsoTimestamp.ABSENT)).isNull();
        assertThat(IsoTimestamp.parseInstant(null)).isEqualTo(IsoTimestamp.ABSENT);
    }

    @Test
    void formatAgreesWithJavaTimeAcrossTheCalendar() {
        final java.util.Random random = new java.util.Random(5);
        final java.time.format.DateTimeFormatter millis = java.time.format.DateTimeFormatter
                .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
        final java.time.format.DateTimeFormatter micro = java.time.format.DateTimeFormatter
                .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);
        final long min = java.time.Instant.parse("1900-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
        final long max = java.time.Instant.parse("2200-12-31T23:59:59Z").getEpochSecond() * 1_000_000L;
        for (int i = 0; i < 20_000; i++) {
            long micros = min + (long) (random.nextDouble() * (max - min));
            if (i % 2 == 0) {
                micros -= Math.floorMod(micros, 1000);      // whole milliseconds: three digits
            }
            final java.time.Instant instant = java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000L);
            final String expected = (micros % 1000 == 0 ? millis : micro).format(instant);
            assertThat(IsoTimestamp.format(micros)).isEqualTo(expected);
            assertThat(IsoTimestamp.parseInstant(expected)).isEqualTo(micros);
        }
    }

    private static String instantText(final long micros) {
        final byte[] out = new byte[3 + IsoTimestamp.MAX_TEXT_BYTES];
        final int end = IsoTimestamp.writeInstantText(micros, out, 3);
        return new String(out, 3, end - 3, StandardCharsets.ISO_8859_1);
    }

    private static String viaInstant(final long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                .toString();
    }
}
