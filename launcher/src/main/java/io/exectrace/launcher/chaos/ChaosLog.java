package io.exectrace.launcher.chaos;

/** Where a scenario reports its progress: one line per step, for the operator watching a long run. */
@FunctionalInterface
public interface ChaosLog {

    /** One progress line, {@link String#format} style. */
    void step(String format, Object... args);
}
