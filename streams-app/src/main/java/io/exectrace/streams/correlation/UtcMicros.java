package io.exectrace.streams.correlation;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

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
        final LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        final StringBuilder sb = new StringBuilder(27);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2).append('.');
        if (microOfSecond % 1000 == 0) {
            pad(sb, microOfSecond / 1000, 3);
        } else {
            pad(sb, microOfSecond, 6);
        }
        return sb.append('Z').toString();
    }

    /** Parses ISO-8601 instant text (as written by {@link #format}) back to epoch microseconds. */
    public static long parse(final String text) {
        if (text == null) {
            return ClosedChain.ABSENT_TS;
        }
        final Instant instant = Instant.parse(text);
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    private static StringBuilder pad(final StringBuilder sb, final int value, final int width) {
        final String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }
}
