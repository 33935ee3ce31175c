package io.exectrace.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The one calendar of exectrace: ISO-8601 UTC text to and from epoch microseconds, without {@code java.time}
 * objects on the hot paths (both directions use Howard Hinnant's civil-date algorithms below).
 *
 * <p><b>Writing</b> ({@link #format}, {@link #writeInstantText}): {@code 2025-12-20T10:00:00.150Z}, with six
 * fraction digits only when the value has a sub-millisecond part, so output is deterministic and as short as the
 * input allows. Public: the JSON views, the API's CSV writer and the viewer write times with it.
 *
 * <p><b>Reading</b> what producers write (package-private, for the parser). Accepted:
 * {@code YYYY-MM-DD(T|t|space)HH:MM:SS[.f{1,9}][Z|z|±HH:MM|±HHMM]}. Fraction digits beyond the sixth are truncated.
 * A timestamp without a zone is read as UTC and reported as zone-less. Years outside
 * {@value #MIN_YEAR}..{@value #MAX_YEAR}, out-of-range fields (month 13, hour 24, second 60, 30 February) and
 * offsets beyond ±18:00 are rejected: a hostile far-past or far-future time would otherwise reorder a session.
 *
 * <p>The result is packed into one {@code long} so the hot path neither allocates nor throws:
 * {@code micros << 1 | zonelessBit}, or {@link #INVALID}. Every accepted instant is after 1970, so a valid
 * packed value is never negative.
 */
public final class IsoTimestamp {
    /** An absent time: {@link #format} gives {@code null} for it, {@link #parseInstant} returns it for {@code null}. */
    public static final long ABSENT = Long.MIN_VALUE;
    /** Longest text written: {@code 2025-12-20T10:00:00.150123Z}. */
    public static final int MAX_TEXT_BYTES = 27;
    /** 0000-01-01T00:00:00Z. */
    private static final long FIRST_FOUR_DIGIT_YEAR_MICROS = -62_167_219_200_000_000L;
    /** 9999-12-31T23:59:59.999999Z. */
    private static final long LAST_FOUR_DIGIT_YEAR_MICROS = 253_402_300_799_999_999L;

    static final int MIN_YEAR = 1990;
    static final int MAX_YEAR = 2200;
    /** Returned for anything that is not an accepted timestamp. */
    static final long INVALID = -1L;

    private static final int SHORTEST = "YYYY-MM-DDTHH:MM:SS".length();
    private static final int LONGEST = "YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+HH:MM".length();
    private static final int MAX_OFFSET_SECONDS = 18 * 3600;

    private IsoTimestamp() {
    }

    /** Formats epoch microseconds, always with three or six fraction digits; {@link #ABSENT} gives {@code null}. */
    public static String format(final long micros) {
        if (micros == ABSENT) {
            return null;
        }
        final byte[] out = new byte[MAX_TEXT_BYTES];
        final int end = write(micros, true, out, 0);
        return new String(out, 0, end, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the text {@link Instant#toString()} gives for epoch microseconds (no fraction when it is zero, else
     * three or six digits) into {@code out} at {@code at}, without allocating; needs {@link #MAX_TEXT_BYTES} bytes
     * of room.
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

    /**
     * Parses any ISO-8601 instant text (as {@link #format} writes it, or with an offset) to epoch microseconds;
     * {@code null} gives {@link #ABSENT}. Lenient where {@link #parse(CharSequence)} is strict: for queries and
     * expectations, not for input records.
     */
    public static long parseInstant(final String text) {
        if (text == null) {
            return ABSENT;
        }
        final Instant instant = Instant.parse(text);
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
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
        writeDigits(out, at, (int) year, 4);
        out[at + 4] = '-';
        writeDigits(out, at + 5, month, 2);
        out[at + 7] = '-';
        writeDigits(out, at + 8, day, 2);
        out[at + 10] = 'T';
        writeDigits(out, at + 11, secondOfDay / 3600, 2);
        out[at + 13] = ':';
        writeDigits(out, at + 14, secondOfDay / 60 % 60, 2);
        out[at + 16] = ':';
        writeDigits(out, at + 17, secondOfDay % 60, 2);
        int end = at + 19;
        if (microOfSecond % 1000 != 0) {
            out[end] = '.';
            writeDigits(out, end + 1, microOfSecond, 6);
            end += 7;
        } else if (microOfSecond != 0 || alwaysFraction) {
            out[end] = '.';
            writeDigits(out, end + 1, microOfSecond / 1000, 3);
            end += 4;
        }
        out[end] = 'Z';
        return end + 1;
    }

    private static void writeDigits(final byte[] out, final int at, int value, final int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** True when a packed result is a timestamp, not {@link #INVALID}. */
    static boolean isValid(final long packed) {
        return packed >= 0;
    }

    /** Epoch microseconds of a valid packed result. */
    static long micros(final long packed) {
        return packed >>> 1;
    }

    /** True when a valid packed result came from a timestamp without a zone. */
    static boolean zoneless(final long packed) {
        return (packed & 1L) != 0;
    }

    static long parse(final CharSequence text) {
        final char[] chars = new char[text.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = text.charAt(i);
        }
        return parse(chars, 0, chars.length);
    }

    static long parse(final char[] c, final int off, final int len) {
        if (len < SHORTEST || len > LONGEST || off < 0 || off + len > c.length) {
            return INVALID;
        }
        final int year = digits4(c, off);
        final int month = digits2(c, off + 5);
        final int day = digits2(c, off + 8);
        final int hour = digits2(c, off + 11);
        final int minute = digits2(c, off + 14);
        final int second = digits2(c, off + 17);
        final char sep = c[off + 10];
        if ((year | month | day | hour | minute | second) < 0
                || c[off + 4] != '-' || c[off + 7] != '-' || c[off + 13] != ':' || c[off + 16] != ':'
                || (sep != 'T' && sep != 't' && sep != ' ')) {
            return INVALID;
        }
        if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1
                || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
            return INVALID;
        }

        final int end = off + len;
        int p = off + SHORTEST;
        long fractionMicros = 0;
        if (p < end && c[p] == '.') {
            p++;
            final int fractionStart = p;
            while (p < end && c[p] >= '0' && c[p] <= '9') {
                if (p - fractionStart < 6) {
                    fractionMicros = fractionMicros * 10 + (c[p] - '0');
                }
                p++;
            }
            final int fractionDigits = p - fractionStart;
            if (fractionDigits == 0 || fractionDigits > 9) {
                return INVALID;
            }
            for (int i = fractionDigits; i < 6; i++) {
                fractionMicros *= 10;
            }
        }

        final long offsetSeconds;
        final boolean zoneless;
        if (p == end) {
            offsetSeconds = 0;
            zoneless = true;
        } else if (c[p] == 'Z' || c[p] == 'z') {
            if (p + 1 != end) {
                return INVALID;
            }
            offsetSeconds = 0;
            zoneless = false;
        } else if (c[p] == '+' || c[p] == '-') {
            final int sign = c[p] == '-' ? -1 : 1;
            final int remaining = end - p - 1;
            final int offHours = digits2(c, p + 1);
            final int offMinutes;
            if (remaining == 5 && c[p + 3] == ':') {
                offMinutes = digits2(c, p + 4);
            } else if (remaining == 4) {
                offMinutes = digits2(c, p + 3);
            } else {
                return INVALID;
            }
            if ((offHours | offMinutes) < 0 || offMinutes > 59) {
                return INVALID;
            }
            final int magnitude = offHours * 3600 + offMinutes * 60;
            if (magnitude > MAX_OFFSET_SECONDS) {
                return INVALID;
            }
            offsetSeconds = (long) sign * magnitude;
            zoneless = false;
        } else {
            return INVALID;
        }

        final long epochSeconds = daysFromCivil(year, month, day) * 86_400L
                + hour * 3600L + minute * 60L + second - offsetSeconds;
        final long micros = epochSeconds * 1_000_000L + fractionMicros;
        return micros << 1 | (zoneless ? 1L : 0L);
    }

    /** The value of two ASCII digits at {@code from}, or -1 if either is not a digit or out of bounds. */
    private static int digits2(final char[] c, final int from) {
        if (from + 2 > c.length) {
            return -1;
        }
        final int hi = c[from] - '0';
        final int lo = c[from + 1] - '0';
        return (hi < 0 || hi > 9 || lo < 0 || lo > 9) ? -1 : hi * 10 + lo;
    }

    private static int digits4(final char[] c, final int from) {
        final int hi = digits2(c, from);
        final int lo = digits2(c, from + 2);
        return (hi | lo) < 0 ? -1 : hi * 100 + lo;
    }

    private static int daysInMonth(final int year, final int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil; year &gt;= 0). */
    private static long daysFromCivil(final int year, final int month, final int day) {
        final int y = month <= 2 ? year - 1 : year;
        final int era = y / 400;
        final int yearOfEra = y - era * 400;
        final int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        final int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}
