package io.exectrace.harness.chaos;

import io.exectrace.harness.bench.Percentiles;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The soak of months of operation, compressed: sessions started one after another for several periods of a short
 * {@code session.retention}; state size, changelog bytes, heap and query latency sampled; the stores checked against
 * the in-memory reference and the full restore timed ({@link SoakExperiment}).
 *
 * <p>Parameters: {@code retention} (default 4m: 208 new sessions a second, which two cores keep up with),
 * {@code periods} (4.5), {@code live} (50000: sessions started within one retention), {@code idle-timeout} (20s),
 * {@code sample-interval} (20s), {@code requests} (100 per endpoint and sample), {@code ready-timeout} (10m),
 * {@code app-jvm} (the app's JVM options, space-separated; -Xmx1g).
 * {@code --events} is not used: the size is {@code live} and {@code periods}.
 */
public final class SoakScenario extends ChaosScenario {

    /** The app's heap bounded, the JVM's defaults otherwise (its collector too), as {@code ./exectrace run}. */
    static final String DEFAULT_APP_JVM = "-Xmx1g";

    public SoakScenario() {
        super("soak", "sessions start one after another for >= 4 periods of a short session.retention; state stays "
                + "flat, answers inside the retention equal the reference, expired sessions are gone", 1);
    }

    @Override
    public ChaosReport run(final ChaosOptions options, final ChaosLog log) throws Exception {
        final SoakSettings settings = new SoakSettings(options.workDir(), options.seed(),
                options.durationParam("retention", Duration.ofMinutes(4)),
                Double.parseDouble(options.params().getOrDefault("periods", "4.5")),
                options.intParam("live", 50_000), options.durationParam("idle-timeout", Duration.ofSeconds(20)),
                options.durationParam("sample-interval", Duration.ofSeconds(20)), options.intParam("requests", 100),
                options.durationParam("ready-timeout", Duration.ofMinutes(10)),
                List.of(options.params().getOrDefault("app-jvm", DEFAULT_APP_JVM).trim().split("\\s+")));
        final SoakExperiment.Result r = new SoakExperiment(settings, log).run();
        final ChaosReport.Builder report = new ChaosReport.Builder(name())
                .figure("retention, periods, run", settings.retention() + ", " + settings.periods() + ", "
                        + settings.runTime())
                .figure("app JVM options", String.join(" ", settings.appJvmOptions()))
                .figure("sessions started (a batch a second)", String.format(Locale.ROOT, "%,d (%,d a batch)",
                        r.startedSessions(), r.sessionsPerBatch()))
                .figure("sessions in the stores at the end", String.format(Locale.ROOT, "%,d", r.sessionsAtEnd()))
                .figure("chain keys on the chains topic", String.format(Locale.ROOT, "%,d", r.chainKeys()));
        for (final SoakSample s : r.samples()) {
            report.figure(String.format(Locale.ROOT, "t=%4.0f s, %,6d live", s.elapsedSeconds(), s.liveSessions()),
                    String.format(Locale.ROOT, "removed %,d; state %.1f MB; changelogs %.1f MB; heap %.0f MB; "
                                    + "list p50/p99 %s; summary p50/p99 %s", s.removedSessions(), s.stateBytes() / 1e6,
                            s.changelogBytes() / 1e6, s.heapBytes() / 1e6, latency(s.list()), latency(s.summary())));
        }
        report.figure("list p50 / p99 / max, every request after 1.2 periods", pooled(r.steadyList()))
                .figure("summary p50 / p99 / max, every request after 1.2 periods", pooled(r.steadySummary()))
                .figure("state on disk after 1.2 periods: max / min; median", flatness(r, settings, true))
                .figure("changelogs after 1.2 periods: max / min; median", flatness(r, settings, false))
                .figure("local state before the restore", String.format(Locale.ROOT, "%.1f MB",
                        r.stateBytesBeforeRestore() / 1e6))
                .figure("full restore (state deleted) to /ready", String.format(Locale.ROOT, "%.1f s",
                        r.restore().toMillis() / 1000.0))
                .figure("load average before / after", r.loadBefore() + " / " + r.loadAfter());
        return report.build(r.mismatches(), r.examples());
    }

    private static String pooled(final Percentiles p) {
        return p.count() == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms (%,d requests)",
                p.millis(0.5), p.millis(0.99), p.maxMillis(), p.count());
    }

    private static String latency(final SoakSample.LatencyFigures f) {
        return f == null ? "-" : String.format(Locale.ROOT, "%.1f / %.1f ms (%d, %d failed)", f.p50(), f.p99(),
                f.requests(), f.failed());
    }

    /**
     * From 1.2 retention periods until production stopped: largest over smallest sample, and how far the smallest
     * and the largest lie from the samples' median (a sawtooth around a level is flat; a trend is not).
     */
    static String flatness(final SoakExperiment.Result r, final SoakSettings settings, final boolean state) {
        final double from = settings.retention().toMillis() * SoakExperiment.STEADY_AFTER_PERIODS / 1000.0;
        final double until = settings.runTime().toMillis() / 1000.0;
        final long[] values = r.samples().stream()
                .filter(s -> s.elapsedSeconds() >= from && s.elapsedSeconds() <= until)
                .mapToLong(s -> state ? s.stateBytes() : s.changelogBytes()).sorted().toArray();
        if (values.length == 0) {
            return "no samples";
        }
        final long min = values[0];
        final long max = values[values.length - 1];
        final double median = values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2.0;
        return String.format(Locale.ROOT, "%.2f (%.1f / %.1f MB); median %.1f MB, samples within %+.1f %% / %+.1f %%",
                (double) max / min, max / 1e6, min / 1e6, median / 1e6, (min / median - 1) * 100,
                (max / median - 1) * 100);
    }
}
