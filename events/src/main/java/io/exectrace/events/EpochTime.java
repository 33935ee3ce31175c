package io.exectrace.events;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * Reads a JSON number as epoch seconds, milliseconds or microseconds into the packed form of {@link IsoTimestamp}
 * (never zone-less). The number's text is read, not its {@code double}: {@code 1700000000.123456} is exactly
 * 1 700 000 000 123 456 µs, which a double would round. Digits finer than a microsecond are truncated, as
 * {@link IsoTimestamp} truncates fraction digits beyond the sixth; instants outside the years
 * {@value IsoTimestamp#MIN_YEAR}..{@value IsoTimestamp#MAX_YEAR} are {@link IsoTimestamp#INVALID}.
 */
final class EpochTime {
    /** Power of ten that turns one unit into microseconds: seconds 6, milliseconds 3, microseconds 0. */
    static final int SECONDS = 6;
    static final int MILLIS = 3;
    static final int MICROS = 0;

    private static final long FIRST_MICROS = LocalDate.of(IsoTimestamp.MIN_YEAR, 1, 1).toEpochDay() * 86_400_000_000L;
    private static final long END_MICROS = LocalDate.of(IsoTimestamp.MAX_YEAR + 1, 1, 1).toEpochDay() * 86_400_000_000L;
    /** More integer digits than this cannot be a time in range, whatever the unit. */
    private static final int MAX_INTEGER_DIGITS = 18;

    private EpochTime() {
    }

    /** The packed time of a JSON number's text in the unit {@code toMicros} names, or {@link IsoTimestamp#INVALID}. */
    static long parse(final char[] c, final int off, final int len, final int toMicros) {
        final int end = off + len;
        if (len == 0 || c[off] == '-') {
            return IsoTimestamp.INVALID;
        }
        long whole = 0;
        int i = off;
        while (i < end && c[i] >= '0' && c[i] <= '9') {
            if (i - off >= MAX_INTEGER_DIGITS) {
                return IsoTimestamp.INVALID;
            }
            whole = whole * 10 + (c[i++] - '0');
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < end && c[i] == '.') {
            i++;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                if (fractionDigits < toMicros) {
                    fraction = fraction * 10 + (c[i] - '0');
                    fractionDigits++;
                }
                i++;
            }
        }
        if (i < end) {
            return withExponent(new String(c, off, len), toMicros);
        }
        long scale = 1;
        for (int k = 0; k < toMicros; k++) {
            scale *= 10;
        }
        long fractionScale = 1;
        for (int k = fractionDigits; k < toMicros; k++) {
            fractionScale *= 10;
        }
        if (whole > Long.MAX_VALUE / scale) {
            return IsoTimestamp.INVALID;
        }
        return pack(whole * scale + fraction * fractionScale);
    }

    /** {@code 1.7e9}: rare enough for BigDecimal. */
    private static long withExponent(final String text, final int toMicros) {
        try {
            final BigDecimal micros = new BigDecimal(text).movePointRight(toMicros).setScale(0, RoundingMode.DOWN);
            return micros.signum() < 0 || micros.toBigInteger().bitLength() > 62 ? IsoTimestamp.INVALID : pack(micros.longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            return IsoTimestamp.INVALID;
        }
    }

    private static long pack(final long micros) {
        return micros < FIRST_MICROS || micros >= END_MICROS ? IsoTimestamp.INVALID : micros << 1;
    }
}
