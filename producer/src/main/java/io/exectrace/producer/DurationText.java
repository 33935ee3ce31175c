package io.exectrace.producer;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads durations the way people type them: {@code 200ms}, {@code 1.5s}, {@code 5m}, {@code 2h}, or ISO {@code PT30S}. */
public final class DurationText {
    private DurationText() {
    }

    /** The duration in milliseconds (fractional allowed). */
    public static double parseMillis(final String text) {
        final String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            try {
                return Duration.parse(text.strip()).toNanos() / 1e6;
            } catch (DateTimeParseException e) {
                throw bad(text);
            }
        }
        final double factor;
        final String number;
        if (t.endsWith("ms")) {
            factor = 1;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("us")) {
            factor = 0.001;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            factor = 1000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            factor = 60_000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            factor = 3_600_000;
            number = t.substring(0, t.length() - 1);
        } else {
            throw bad(text);
        }
        try {
            final double value = Double.parseDouble(number.strip());
            if (!Double.isFinite(value) || value < 0) {
                throw bad(text);
            }
            return value * factor;
        } catch (NumberFormatException e) {
            throw bad(text);
        }
    }

    /** The duration, rounded to microseconds. */
    public static Duration parse(final String text) {
        return Duration.ofNanos(Math.round(parseMillis(text) * 1000) * 1000);
    }

    private static IllegalArgumentException bad(final String text) {
        return new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 200ms, 1.5s, 5m, 2h)");
    }
}
