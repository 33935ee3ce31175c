package io.exectrace.launcher.view;

import io.exectrace.events.IsoTimestamp;
import java.util.Locale;

/** Time differences and instants in findings, for a person: {@code 1.650 s}, {@code 2 h 05 min}. */
final class Durations {
    private Durations() {
    }

    static String text(final long micros) {
        if (micros < 3_600_000_000L) {
            return String.format(Locale.ROOT, "%.3f s", micros / 1e6);
        }
        final long minutes = micros / 60_000_000L;
        return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }

    static String ts(final long micros) {
        return IsoTimestamp.format(micros);
    }

    static String percent(final double rate) {
        return String.format(Locale.ROOT, "%.2f %%", rate * 100);
    }
}
