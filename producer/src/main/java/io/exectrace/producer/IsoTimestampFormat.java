package io.exectrace.producer;

/**
 * Writes epoch microseconds as ISO-8601 UTC text without allocating a formatter per call: the
 * {@code yyyy-MM-ddTHH:mm:ss} part is cached per second, since consecutive events share it.
 */
final class IsoTimestampFormat {
    /** Fraction digits and zone suffix. */
    enum Style {
        /** {@code 2025-12-20T10:00:00.150Z} (ledger v1, most services). */
        MILLIS_Z,
        /** {@code 2025-12-20T10:00:00.150123Z}. */
        MICROS_Z,
        /** {@code 2025-12-20T10:00:00.150123+00:00}: Python's {@code datetime.isoformat()} (Peak_Trade's emitter). */
        MICROS_OFFSET
    }

    private long cachedSecond = Long.MIN_VALUE;
    private final byte[] secondText = new byte[19];

    /** Appends the timestamp, quoted, to the writer. */
    void writeQuoted(final JsonLineWriter out, final long epochMicros, final Style style) {
        final long second = Math.floorDiv(epochMicros, 1_000_000L);
        final int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        if (second != cachedSecond) {
            render(second);
            cachedSecond = second;
        }
        out.raw('"');
        out.raw(secondText, 0, secondText.length);
        out.raw('.');
        if (style == Style.MILLIS_Z) {
            digits(out, micros / 1000, 3);
            out.raw('Z');
        } else {
            digits(out, micros, 6);
            if (style == Style.MICROS_Z) {
                out.raw('Z');
            } else {
                out.raw('+');
                out.raw('0');
                out.raw('0');
                out.raw(':');
                out.raw('0');
                out.raw('0');
            }
        }
        out.raw('"');
    }

    /** The timestamp as text (for the expected totals and logs). */
    static String text(final long epochMicros, final Style style) {
        final JsonLineWriter out = new JsonLineWriter(40);
        new IsoTimestampFormat().writeQuoted(out, epochMicros, style);
        final String quoted = out.toUtf8String();
        return quoted.substring(1, quoted.length() - 1);
    }

    private void render(final long epochSecond) {
        final long days = Math.floorDiv(epochSecond, 86_400L);
        final int secondOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        final int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        put(0, (int) year, 4);
        secondText[4] = '-';
        put(5, month, 2);
        secondText[7] = '-';
        put(8, day, 2);
        secondText[10] = 'T';
        put(11, secondOfDay / 3600, 2);
        secondText[13] = ':';
        put(14, secondOfDay / 60 % 60, 2);
        secondText[16] = ':';
        put(17, secondOfDay % 60, 2);
    }

    private void put(final int at, final int value, final int width) {
        int v = value;
        for (int i = width - 1; i >= 0; i--) {
            secondText[at + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }

    private static void digits(final JsonLineWriter out, final int value, final int width) {
        int divisor = 1;
        for (int i = 1; i < width; i++) {
            divisor *= 10;
        }
        for (int d = divisor; d > 0; d /= 10) {
            out.raw((byte) ('0' + value / d % 10));
        }
    }
}
