package io.exectrace.streams.correlation;

import java.time.Instant;

/**
 * ISO-8601 UTC text for epoch microseconds: {@code 2025-12-20T10:00:00.150Z}, with six fraction digits only when
 * the value has a sub-millisecond part, so output is deterministic and as short as the input allows.
 */
public final class UtcMicros {
    private UtcMicros() {
    }

    /** Formats epoch microseconds; {@link ClosedChain#ABSENT_TS} gives {@code null}. */
    public static String format(final long micros) {
        if (micros == ClosedChain.ABSENT_TS) {
            return null;
        }
        final long seconds = Math.floorDiv(micros, 1_000_000L);
        final int microOfSecond = (int) Math.floorMod(micros, 1_000_000L);
        final long days = Math.floorDiv(seconds, 86_400L);
        final int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil-from-days (Howard Hinnant's algorithm): no java.time objects on the output path
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long dayOfEra = z - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long mp = (5 * dayOfYear + 2) / 153;
        final int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        final int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        final long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        final char[] out = new char[microOfSecond % 1000 == 0 ? 24 : 27];
        digits(out, 0, (int) year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        out[19] = '.';
        if (out.length == 24) {
            digits(out, 20, microOfSecond / 1000, 3);
        } else {
            digits(out, 20, microOfSecond, 6);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static void digits(final char[] out, final int at, int value, final int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Parses ISO-8601 instant text (as written by {@link #format}) back to epoch microseconds. */
    public static long parse(final String text) {
        if (text == null) {
            return ClosedChain.ABSENT_TS;
        }
        final Instant instant = Instant.parse(text);
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }
}
