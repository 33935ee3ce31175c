package io.exectrace.launcher.view;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads {@code --from} / {@code --to}: ISO-8601 with {@code Z} or an offset; without a zone the time is UTC (as
 * the seed's runbook assumes); a bare date means its midnight UTC.
 */
final class TimeOption {
    private TimeOption() {
    }

    /** Epoch microseconds of {@code text}, or {@code absent} when text is null. */
    static long parse(final String option, final String text, final long absent) {
        if (text == null) {
            return absent;
        }
        try {
            return micros(instant(text.strip()));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("bad time for " + option + ": '" + text
                    + "' (expected ISO-8601 such as 2025-12-20T10:15:00Z)");
        }
    }

    private static Instant instant(final String text) {
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        final char last = text.charAt(text.length() - 1);
        final boolean zoned = last == 'Z' || last == 'z' || hasOffset(text);
        return zoned ? OffsetDateTime.parse(text.replace('z', 'Z')).toInstant()
                : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }

    private static boolean hasOffset(final String text) {
        final int t = text.indexOf('T');
        return t > 0 && (text.indexOf('+', t) > 0 || text.indexOf('-', t) > 0);
    }

    private static long micros(final Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }
}
