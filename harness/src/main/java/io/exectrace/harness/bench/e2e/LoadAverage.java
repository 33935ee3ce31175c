package io.exectrace.harness.bench.e2e;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** The machine's 1-minute load average, recorded with every figure (the machines here are shared). */
public final class LoadAverage {

    private LoadAverage() {
    }

    /** The 1-minute load average with one decimal, or {@code n/a} where the platform has none. */
    public static String now() {
        final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", load);
    }
}
