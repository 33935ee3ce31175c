package io.exectrace.producer;

import io.exectrace.events.IsoTimestamp;

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
    private final byte[] scratch = new byte[IsoTimestamp.MAX_TEXT_BYTES];

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

    /** The calendar is {@link IsoTimestamp}'s, the one implementation; only the per-second cache is kept here. */
    private void render(final long epochSecond) {
        final int end = IsoTimestamp.writeInstantText(epochSecond * 1_000_000L, scratch, 0);
        if (end < secondText.length) {
            throw new IllegalArgumentException("a year outside 0000-9999: epoch second " + epochSecond);
        }
        System.arraycopy(scratch, 0, secondText, 0, secondText.length);
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
