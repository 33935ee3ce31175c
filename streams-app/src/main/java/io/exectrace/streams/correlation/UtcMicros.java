package io.exectrace.streams.correlation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * ISO-8601 UTC text for epoch microseconds: {@code 2025-12-20T10:00:00.150Z}, with six fraction digits only when
 * the value has a sub-millisecond part, so output is deterministic and as short as the input allows.
 */
public final class UtcMicros {
    /** Longest text written: {@code 2025-12-20T10:00:00.150123Z}. */
    public static final int MAX_TEXT_BYTES = 27;
    /** 0000-01-01T00:00:00Z. */
    private static final long FIRST_FOUR_DIGIT_YEAR_MICROS = -62_167_219_200_000_000L;
    /** 9999-12-31T23:59:59.999999Z. */
    private static final long LAST_FOUR_DIGIT_YEAR_MICROS = 253_402_300_799_999_999L;

    private UtcMicros() {
    }

    /** Formats epoch microseconds; {@link ClosedChain#ABSENT_TS} gives {@code null}. */
    public static String format(final long micros) {
        if (micros == ClosedChain.ABSENT_TS) {
            return null;
        }
        final byte[] out = new byte[MAX_TEXT_BYTES];
        final int end = write(micros, true, out, 0);
        return new String(out, 0, end, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the text {@link java.time.Instant#toString()} gives for epoch microseconds (no fraction when it is
     * zero, else three or six digits) into {@code out} at {@code at}, without allocating; needs
     * {@link #MAX_TEXT_BYTES} bytes of room.
     *
     * @return the index after the text, or -1 (nothing written) when the year is outside 0000–9999, where
     *         {@code Instant} writes a sign and more digits
     */
    public static int writeInstantText(final long micros, final byte[] out, final int at) {
        if (micros < FIRST_FOUR_DIGIT_YEAR_MICROS || micros > LAST_FOUR_DIGIT_YEAR_MICROS) {
            return -1;
        }
        return write(micros, false, out, at);
    }

    private static int write(final long micros, final boolean alwaysFraction, final byte[] out, final int at) {
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
        digits(out, at, (int) year, 4);
        out[at + 4] = '-';
        digits(out, at + 5, month, 2);
        out[at + 7] = '-';
        digits(out, at + 8, day, 2);
        out[at + 10] = 'T';
        digits(out, at + 11, secondOfDay / 3600, 2);
        out[at + 13] = ':';
        digits(out, at + 14, secondOfDay / 60 % 60, 2);
        out[at + 16] = ':';
        digits(out, at + 17, secondOfDay % 60, 2);
        int end = at + 19;
        if (microOfSecond % 1000 != 0) {
            out[end] = '.';
            digits(out, end + 1, microOfSecond, 6);
            end += 7;
        } else if (microOfSecond != 0 || alwaysFraction) {
            out[end] = '.';
            digits(out, end + 1, microOfSecond / 1000, 3);
            end += 4;
        }
        out[end] = 'Z';
        return end + 1;
    }

    private static void digits(final byte[] out, final int at, int value, final int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
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
