package io.exectrace.events;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Durations as people type them — {@code 250us}, {@code 200ms}, {@code 1.5s}, {@code 5m}/{@code 5min}, {@code 2h},
 * {@code 7d}, with or without a space before the unit — or ISO-8601 ({@code PT30S}). One grammar for the
 * configuration file and every command-line option.
 */
public final class DurationText {
    private static final String EXAMPLES = "use e.g. 200ms, 1.5s, 5m, 2h, 7d or PT30S";

    private DurationText() {
    }

    /** The duration, or {@code null} when the text is neither form (or negative, or too large). */
    public static Duration parseOrNull(final String text) {
        if (text == null) {
            return null;
        }
        final String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
            try {
                return Duration.parse(t);
            } catch (final DateTimeParseException e) {
                return null;
            }
        }
        int end = 0;
        while (end < t.length() && (Character.isDigit(t.charAt(end)) || t.charAt(end) == '.')) {
            end++;
        }
        if (end == 0 || end > 18) {
            return null;
        }
        final double amount;
        try {
            amount = Double.parseDouble(t.substring(0, end));
        } catch (final NumberFormatException e) {
            return null;
        }
        final long unitNanos = switch (t.substring(end).strip().toLowerCase(Locale.ROOT)) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> -1L;
        };
        final double nanos = amount * unitNanos;
        if (unitNanos < 0 || !(nanos >= 0) || nanos > Long.MAX_VALUE) {
            return null;
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** The duration; an unreadable text is an {@link IllegalArgumentException} that says what is accepted. */
    public static Duration parse(final String text) {
        final Duration duration = parseOrNull(text);
        if (duration == null) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (" + EXAMPLES + ")");
        }
        return duration;
    }

    /** The duration in milliseconds, fractions kept. */
    public static double parseMillis(final String text) {
        return parse(text).toNanos() / 1e6;
    }

    /** The shortest human form: {@code 7d}, {@code 30s}, {@code 250ms}. */
    public static String format(final Duration duration) {
        final long ms = duration.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1_000L == 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }
}
