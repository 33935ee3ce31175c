package io.exectrace.harness.bench.e2e;

import io.exectrace.producer.ExpectedTotals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What {@link EndToEndBenchmark} measured, and its rendering as the markdown tables of docs/benchmarks.md: per
 * guarantee and thread count one row per run and a row of medians. Rates are steady-state rates
 * ({@link SteadyState}); the ratios c/b and c/b3 are taken within each run (side by side, so the machine's noise
 * mostly cancels out) and their median is the median of those per-run ratios.
 *
 * @param settings     what was asked for
 * @param expected     the generator's ground truth
 * @param records      records in the input topic
 * @param measurements one per run, guarantee and thread count
 * @param loadBefore   1-minute load average before the run
 * @param loadAfter    and after
 */
public record EndToEndReport(EndToEndSettings settings, ExpectedTotals expected, long records,
                             List<Measurement> measurements, String loadBefore, String loadAfter) {

    /**
     * One round for one configuration.
     *
     * @param raw         baseline 1: the stock consumer, records/s (start to end, no group)
     * @param exectrace   c) the full exectrace topology
     * @param counting    b) baseline 2: the minimal stateful app (count per session, cached store)
     * @param storing     b3) baseline 3: every event written once to a logged, uncached store
     * @param former      baseline 2 as it was before issue #23, or null when not run
     * @param differences the exectrace answer against the expected totals (empty: right)
     */
    public record Measurement(int run, String guarantee, int threads, double raw, SteadyState.Timing exectrace,
                              SteadyState.Timing counting, SteadyState.Timing storing, SteadyState.Timing former,
                              List<String> differences) {
        public Measurement {
            differences = List.copyOf(differences);
        }

        public Measurement(final int run, final String guarantee, final int threads, final double raw,
                           final SteadyState.Timing exectrace, final SteadyState.Timing counting,
                           final SteadyState.Timing storing, final List<String> differences) {
            this(run, guarantee, threads, raw, exectrace, counting, storing, null, differences);
        }

        /** c/b: exectrace's steady-state rate over baseline 2's, in this run. */
        public double toBaseline2() {
            return exectrace.rate() / counting.rate();
        }

        /** c/b3: exectrace's steady-state rate over baseline 3's, in this run. */
        public double toBaseline3() {
            return exectrace.rate() / storing.rate();
        }

        /** c/b by CPU: baseline 2's CPU per record over exectrace's, in this run (NaN when not measured). */
        public double cpuToBaseline2() {
            return counting.cpuMicrosPerRecord() / exectrace.cpuMicrosPerRecord();
        }

        /** c/b3 by CPU: baseline 3's CPU per record over exectrace's, in this run (NaN when not measured). */
        public double cpuToBaseline3() {
            return storing.cpuMicrosPerRecord() / exectrace.cpuMicrosPerRecord();
        }
    }

    /** True when every exectrace run gave the expected answer. */
    public boolean correct() {
        return measurements.stream().allMatch(m -> m.differences().isEmpty());
    }

    /** The report: a line on the input and the machine, then per configuration a table of the runs and medians. */
    public String table() {
        final Map<String, List<Measurement>> byConfig = new LinkedHashMap<>();
        for (final Measurement m : measurements) {
            byConfig.computeIfAbsent(m.guarantee() + ", " + m.threads() + (m.threads() == 1 ? " thread" : " threads"),
                    k -> new ArrayList<>()).add(m);
        }
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d records (seed %d, %d sessions, %d invalid, %d duplicates), %d"
                        + " partitions, %d run(s) alternating exectrace, baseline 2, baseline 3; baselines parse: %s;"
                        + " input keyed by %s; load average %s before, %s after, %d cores, Java %s%n",
                records, settings.seed(), expected.sessions().size(), expected.invalid(), expected.duplicates(),
                settings.partitions(), settings.runs(), settings.baselineParse().name().toLowerCase(Locale.ROOT),
                settings.keying().label(), loadBefore, loadAfter, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        out.append("Rates: records/s of the input in the steady state (first commit once RUNNING -> consumer lag 0);"
                + " start-up: start() -> first commit. CPU: µs of CPU per record of the application's threads (its"
                + " stream threads, their producers' network threads, heartbeat threads) in that window; c/b and c/b3"
                + " by CPU are the baseline's CPU per record over exectrace's. Heap: the bench JVM's (embedded broker"
                + " included) largest heap after a collection while the application ran.\n");
        byConfig.forEach((config, rows) -> {
            out.append('\n').append("### ").append(config).append("\n\n");
            out.append("| run | a) raw consumer rec/s | c) exectrace rec/s | b) baseline 2 rec/s"
                    + " | b3) baseline 3 rec/s | c/b | c/b3 | start-up c / b / b3 (s) | steady window c / b / b3 (s)"
                    + " | from start() c / b / b3 rec/s | CPU µs/record c / b / b3 | c/b, c/b3 by CPU"
                    + " | peak live heap MiB c / b / b3 | output |\n");
            out.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (final Measurement m : rows) {
                out.append("| ").append(m.run())
                        .append(" | ").append(rate(m.raw()))
                        .append(" | ").append(rate(m.exectrace().rate()))
                        .append(" | ").append(rate(m.counting().rate()))
                        .append(" | ").append(rate(m.storing().rate()))
                        .append(" | ").append(ratio(m.toBaseline2()))
                        .append(" | ").append(ratio(m.toBaseline3()))
                        .append(" | ").append(triple(m, SteadyState.Timing::startupSeconds, EndToEndReport::oneDecimal))
                        .append(" | ").append(triple(m, SteadyState.Timing::steadySeconds, EndToEndReport::oneDecimal))
                        .append(" | ").append(triple(m, SteadyState.Timing::rateFromStart, EndToEndReport::rate))
                        .append(" | ").append(triple(m, SteadyState.Timing::cpuMicrosPerRecord, EndToEndReport::oneDecimal))
                        .append(" | ").append(ratio(m.cpuToBaseline2())).append(", ")
                        .append(ratio(m.cpuToBaseline3()))
                        .append(" | ").append(triple(m, SteadyState.Timing::peakLiveHeapMib, EndToEndReport::rate))
                        .append(" | ").append(m.differences().isEmpty() ? "checked" : "**WRONG**")
                        .append(" |\n");
            }
            out.append("| **median** | ").append(rate(median(rows, Measurement::raw)))
                    .append(" | ").append(rate(median(rows, m -> m.exectrace().rate())))
                    .append(" | ").append(rate(median(rows, m -> m.counting().rate())))
                    .append(" | ").append(rate(median(rows, m -> m.storing().rate())))
                    .append(" | **").append(ratio(median(rows, Measurement::toBaseline2)))
                    .append("** | **").append(ratio(median(rows, Measurement::toBaseline3)))
                    .append("** | ").append(medianTriple(rows, SteadyState.Timing::startupSeconds,
                            EndToEndReport::oneDecimal))
                    .append(" | ").append(medianTriple(rows, SteadyState.Timing::steadySeconds,
                            EndToEndReport::oneDecimal))
                    .append(" | ").append(medianTriple(rows, SteadyState.Timing::rateFromStart, EndToEndReport::rate))
                    .append(" | ").append(medianTriple(rows, SteadyState.Timing::cpuMicrosPerRecord,
                            EndToEndReport::oneDecimal))
                    .append(" | **").append(ratio(median(rows, Measurement::cpuToBaseline2))).append(", ")
                    .append(ratio(median(rows, Measurement::cpuToBaseline3))).append("**")
                    .append(" | ").append(medianTriple(rows, SteadyState.Timing::peakLiveHeapMib, EndToEndReport::rate))
                    .append(" | ").append(rows.stream().allMatch(m -> m.differences().isEmpty()) ? "checked"
                            : "**WRONG**")
                    .append(" |\n");
            if (rows.stream().allMatch(m -> m.former() != null)) {
                out.append("\nBaseline 2 as before issue #23 (Jackson tree, all of exectrace's properties), same"
                        + " rounds: steady state / from start() rec/s, start-up s, c over it (steady / from start()):");
                for (final Measurement m : rows) {
                    out.append(String.format(Locale.ROOT, " run %d %s / %s, %s s, %s / %s;", m.run(),
                            rate(m.former().rate()), rate(m.former().rateFromStart()),
                            oneDecimal(m.former().startupSeconds()), ratio(m.exectrace().rate() / m.former().rate()),
                            ratio(m.exectrace().rateFromStart() / m.former().rateFromStart())));
                }
                out.append(String.format(Locale.ROOT, " median %s / %s rec/s (baseline 2 now: %s)%n",
                        rate(median(rows, m -> m.former().rate())), rate(median(rows, m -> m.former().rateFromStart())),
                        rate(median(rows, m -> m.counting().rate()))));
            }
            final List<String> tooShort = shortWindows(rows);
            if (!tooShort.isEmpty()) {
                out.append(String.format(Locale.ROOT, "%nSteady state shorter than %.0f s (raise --records): %s%n",
                        EndToEndSettings.MIN_STEADY_SECONDS, String.join(", ", tooShort)));
            }
        });
        return out.toString();
    }

    /** The runs whose steady-state window was too short to trust (or missing). */
    static List<String> shortWindows(final List<Measurement> rows) {
        final List<String> found = new ArrayList<>();
        for (final Measurement m : rows) {
            check(found, m.run(), "exectrace", m.exectrace());
            check(found, m.run(), "baseline 2", m.counting());
            check(found, m.run(), "baseline 3", m.storing());
        }
        return found;
    }

    private static void check(final List<String> found, final int run, final String what,
                              final SteadyState.Timing timing) {
        if (timing.steadySeconds() < EndToEndSettings.MIN_STEADY_SECONDS) {
            found.add(String.format(Locale.ROOT, "run %d %s %.1f s", run, what, timing.steadySeconds()));
        }
    }

    /** Median over the runs (NaN values, i.e. runs without a figure, left out). */
    static double median(final List<Measurement> rows, final ToDoubleFunction<Measurement> value) {
        return Median.of(rows.stream().map(m -> value.applyAsDouble(m)).toList());
    }

    private static String triple(final Measurement m, final ToDoubleFunction<SteadyState.Timing> value,
                                 final Function<Double, String> format) {
        return format.apply(value.applyAsDouble(m.exectrace())) + " / "
                + format.apply(value.applyAsDouble(m.counting())) + " / "
                + format.apply(value.applyAsDouble(m.storing()));
    }

    private static String medianTriple(final List<Measurement> rows, final ToDoubleFunction<SteadyState.Timing> value,
                                       final Function<Double, String> format) {
        return format.apply(median(rows, m -> value.applyAsDouble(m.exectrace()))) + " / "
                + format.apply(median(rows, m -> value.applyAsDouble(m.counting()))) + " / "
                + format.apply(median(rows, m -> value.applyAsDouble(m.storing())));
    }

    static String rate(final double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String ratio(final double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String oneDecimal(final double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }
}
