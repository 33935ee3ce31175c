package io.exectrace.launcher.bench;

import io.exectrace.launcher.chaos.ChaosRig;
import io.exectrace.streams.config.ExectraceConfig;
import java.util.Locale;

/**
 * The result of {@code bench freshness}: the probes' produce-to-visible latencies and the conditions they were
 * taken in.
 *
 * @param settings       what ran
 * @param latencies      the visible probes of the measured window
 * @param notVisible     measured probes not visible within {@link FreshnessSettings#PROBE_TIMEOUT}
 * @param backgroundRate background records per second that reached the broker in the measured window
 * @param lagAtEnd       input records not yet committed by the app when the window ended (-1: unknown)
 * @param loadBefore     1-minute load average before the run
 * @param loadAfter      and after it
 */
record FreshnessReport(FreshnessSettings settings, Percentiles latencies, int notVisible, double backgroundRate,
                       long lagAtEnd, String loadBefore, String loadAfter) {

    /** Every probe became visible. */
    boolean passed() {
        return notVisible == 0 && latencies.count() > 0;
    }

    /** A markdown table of the figures. */
    String table() {
        final StringBuilder out = new StringBuilder();
        out.append("| freshness: produce -> visible in GET /api/sessions/{id} | value |\n");
        out.append("| --- | --- |\n");
        row(out, "probes", String.format(Locale.ROOT, "%d in %d s after %d s of warm-up, one every %d ms;"
                        + " %d not visible within %d s", latencies.count() + notVisible,
                settings.duration().toSeconds(), settings.warmup().toSeconds(), settings.probeInterval().toMillis(),
                notVisible, FreshnessSettings.PROBE_TIMEOUT.toSeconds()));
        row(out, "p50", ms(latencies.millis(0.50)));
        row(out, "p90", ms(latencies.millis(0.90)));
        row(out, "p99", ms(latencies.millis(0.99)));
        row(out, "max", ms(latencies.maxMillis()));
        row(out, "background load", String.format(Locale.ROOT, "%.0f events/s reached the broker (asked %.0f/s,"
                + " %d sessions)", backgroundRate, settings.rate(), settings.sessions()));
        row(out, "app", String.format(Locale.ROOT, "child JVM (JVM defaults), stream.threads=%d, other settings"
                + " default (%s, %d input partitions)", settings.threads(),
                ExectraceConfig.PROCESSING_GUARANTEE.defaultValue(), ChaosRig.PARTITIONS));
        row(out, "input lag at the end", lagAtEnd < 0 ? "unknown" : String.format(Locale.ROOT,
                "%d records (committed offsets: up to one commit interval of input is normal)", lagAtEnd));
        row(out, "load average (1 min)", loadBefore + " before, " + loadAfter + " after");
        return out.toString();
    }

    private static void row(final StringBuilder out, final String name, final String value) {
        out.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String ms(final double millis) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
