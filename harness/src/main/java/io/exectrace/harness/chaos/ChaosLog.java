package io.exectrace.harness.chaos;

import java.io.PrintWriter;

/** Where a scenario reports its progress: one line per step, for the operator watching a long run. */
@FunctionalInterface
public interface ChaosLog {

    /** One progress line, {@link String#format} style. */
    void step(String format, Object... args);

    /** Progress lines to {@code err}, each after {@code prefix} and flushed at once. */
    static ChaosLog printingTo(final PrintWriter err, final String prefix) {
        return (format, args) -> {
            err.println(prefix + String.format(format, args));
            err.flush();
        };
    }
}
