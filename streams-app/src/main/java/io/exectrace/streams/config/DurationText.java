package io.exectrace.streams.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Reads durations written for humans ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}) or as ISO-8601. */
final class DurationText {

    private DurationText() {
    }

    /** The duration, or {@code null} when the text is neither form. */
    static Duration parse(final String text) {
        final String t = text.trim();
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
        int digits = 0;
        while (digits < t.length() && Character.isDigit(t.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 15) {
            return null;
        }
        final long amount = Long.parseLong(t.substring(0, digits));
        return switch (t.substring(digits).trim()) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> null;
        };
    }

    /** The shortest human form: {@code 7d}, {@code 30s}, {@code 250ms}. */
    static String format(final Duration duration) {
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
