package io.exectrace.harness.bench;

import io.exectrace.harness.chaos.ChaosRig;
import io.exectrace.harness.chaos.InputKeying;
import io.exectrace.streams.config.ExectraceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@code bench freshness}: the probes' produce-to-visible latencies, the outcome probes' fill-to-closed
 * latencies of both cases, and the conditions they were taken in.
 *
 * @param settings       what ran
 * @param latencies      the visible probes of the measured window
 * @param notVisible     measured probes not visible within {@link FreshnessSettings#PROBE_TIMEOUT}
 * @param busy           the outcome probes of the busy session in the measured window
 * @param silent         the outcome probes of the silent sessions in the measured window
 * @param backgroundRate background records per second that reached the broker in the measured window
 * @param polls          requests per second of the pollers in the measured window
 * @param lagAtEnd       input records not yet committed by the app when the window ended (-1: unknown)
 * @param loadBefore     1-minute load average before the run
 * @param loadAfter      and after it
 */
record FreshnessReport(FreshnessSettings settings, Percentiles latencies, int notVisible, OutcomeFreshness busy,
                       OutcomeFreshness silent, double backgroundRate, PollRates polls, long lagAtEnd,
                       String loadBefore, String loadAfter) {

    /** Every probe became visible and every outcome probe was seen closed as {@code filled} in time. */
    boolean passed() {
        return notVisible == 0 && latencies.count() > 0 && busy.passed() && silent.passed();
    }

    /** One sentence per kind of probe that failed, for the command's error line; empty when {@link #passed()}. */
    List<String> failures() {
        final List<String> out = new ArrayList<>();
        if (latencies.count() + notVisible == 0) {
            out.add("no probe measured");
        } else if (notVisible > 0) {
            out.add(String.format(Locale.ROOT, "%d of %d probe(s) not visible within %d s", notVisible,
                    latencies.count() + notVisible, FreshnessSettings.PROBE_TIMEOUT.toSeconds()));
        }
        failure(out, "busy session", busy);
        failure(out, "silent sessions", silent);
        return out;
    }

    private void failure(final List<String> out, final String name, final OutcomeFreshness figures) {
        if (figures.probes() == 0) {
            out.add(name + ": no chain measured");
        } else if (!figures.passed()) {
            out.add(String.format(Locale.ROOT, "%s: %d of %d chain(s) not seen closed as filled within %d s"
                            + " (%d closed with another outcome)", name, figures.failures(), figures.probes(),
                    settings.outcomeTimeout().toSeconds(), figures.otherOutcome()));
        }
    }

    /** Markdown tables of the figures: the event freshness with the run's conditions, then the outcome freshness. */
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
        row(out, "input keyed by", settings.keying() == InputKeying.SESSION ? "session (as exectrace's producers key)"
                : settings.keying().label() + " (background load and probes; through the reorder stage)");
        row(out, "API polls", String.format(Locale.ROOT, "%.0f/s session summary, %.0f/s busy session's chains,"
                + " %.0f/s silent sessions' chains (served by the app under test)", polls.summary(),
                polls.busyChains(), polls.silentChains()));
        row(out, "app", String.format(Locale.ROOT, "child JVM (JVM defaults), stream.threads=%d, other settings"
                + " default (%s, %d input partitions)", settings.threads(),
                ExectraceConfig.PROCESSING_GUARANTEE.defaultValue(), ChaosRig.PARTITIONS));
        row(out, "input lag at the end", lagAtEnd < 0 ? "unknown" : String.format(Locale.ROOT,
                "%d records (committed offsets: up to one commit interval of input is normal)", lagAtEnd));
        row(out, "load average (1 min)", loadBefore + " before, " + loadAfter + " after");
        out.append('\n');
        out.append("| outcome freshness: fill sent -> chain closed as filled in GET /api/sessions/{id}/chains"
                + " | busy session | silent sessions |\n");
        out.append("| --- | --- | --- |\n");
        row(out, "probe chains", String.format(Locale.ROOT, "%d, one every %d ms into %s", busy.probes(),
                settings.probeInterval().toMillis(), ProbeSender.BUSY_SESSION), String.format(Locale.ROOT,
                "%d, one every %d ms, each into a session of its own (%sN)", silent.probes(),
                settings.silentProbeInterval().toMillis(), ProbeSender.SILENT_SESSION_PREFIX));
        row(out, "seen filled", Integer.toString(busy.latencies().count()),
                Integer.toString(silent.latencies().count()));
        row(out, String.format(Locale.ROOT, "not seen closed within %d s", settings.outcomeTimeout().toSeconds()),
                Integer.toString(busy.notSeen()), Integer.toString(silent.notSeen()));
        row(out, "closed with another outcome", Integer.toString(busy.otherOutcome()),
                Integer.toString(silent.otherOutcome()));
        row(out, "p50", ms(busy.latencies().millis(0.50)), ms(silent.latencies().millis(0.50)));
        row(out, "p90", ms(busy.latencies().millis(0.90)), ms(silent.latencies().millis(0.90)));
        row(out, "p99", ms(busy.latencies().millis(0.99)), ms(silent.latencies().millis(0.99)));
        row(out, "max", ms(busy.latencies().maxMillis()), ms(silent.latencies().maxMillis()));
        row(out, "outcome visible p50 (ended by the full fill in chains?state=open, or closed)",
                ms(busy.visible().millis(0.50)), ms(silent.visible().millis(0.50)));
        row(out, "outcome visible p90", ms(busy.visible().millis(0.90)), ms(silent.visible().millis(0.90)));
        row(out, "outcome visible p99", ms(busy.visible().millis(0.99)), ms(silent.visible().millis(0.99)));
        row(out, "outcome visible max", ms(busy.visible().maxMillis()), ms(silent.visible().maxMillis()));
        return out.toString();
    }

    private static void row(final StringBuilder out, final String name, final String... values) {
        out.append("| ").append(name);
        for (final String value : values) {
            out.append(" | ").append(value);
        }
        out.append(" |\n");
    }

    private static String ms(final double millis) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.1f ms", millis);
    }
}
