package io.exectrace.harness.bench.e2e;

import io.exectrace.producer.ExpectedTotals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What {@link EndToEndBenchmark} measured, and its rendering as the markdown table of docs/benchmarks.md:
 * per guarantee and thread count the median and min–max over the runs of each rate and of the two ratios, the
 * ratios taken within each run (side by side, so the machine's noise cancels out).
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
     * One round for one configuration, in records per second.
     *
     * @param raw         baseline 1: the stock consumer
     * @param counting    baseline 2: the minimal stateful Kafka Streams app
     * @param exectrace   the full exectrace topology
     * @param differences the exectrace answer against the expected totals (empty: right)
     */
    public record Measurement(int run, String guarantee, int threads, double raw, double counting, double exectrace,
                              List<String> differences) {
        public Measurement {
            differences = List.copyOf(differences);
        }
    }

    /** True when every exectrace run gave the expected answer. */
    public boolean correct() {
        return measurements.stream().allMatch(m -> m.differences().isEmpty());
    }

    /** The markdown table: one row per configuration. */
    public String table() {
        final Map<String, List<Measurement>> byConfig = new LinkedHashMap<>();
        for (final Measurement m : measurements) {
            byConfig.computeIfAbsent(m.guarantee() + ", " + m.threads() + (m.threads() == 1 ? " thread" : " threads"),
                    k -> new ArrayList<>()).add(m);
        }
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d records (%d sessions, %d invalid, %d duplicates), %d partitions, "
                        + "%d run(s), load average %s before, %s after, %d cores, Java %s%n%n",
                records, expected.sessions().size(), expected.invalid(), expected.duplicates(), settings.partitions(),
                settings.runs(), loadBefore, loadAfter, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        out.append("| configuration | a) raw consumer rec/s | b) minimal Streams app rec/s | c) exectrace rec/s"
                + " | c/a | c/b | output |\n");
        out.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        byConfig.forEach((config, rows) -> out.append("| ").append(config)
                .append(" | ").append(spread(rows, Measurement::raw, false))
                .append(" | ").append(spread(rows, Measurement::counting, false))
                .append(" | ").append(spread(rows, Measurement::exectrace, false))
                .append(" | ").append(spread(rows, m -> m.exectrace() / m.raw(), true))
                .append(" | ").append(spread(rows, m -> m.exectrace() / m.counting(), true))
                .append(" | ").append(rows.stream().allMatch(m -> m.differences().isEmpty()) ? "checked" : "**WRONG**")
                .append(" |\n"));
        return out.toString();
    }

    /** Median, and min–max when there is more than one run. */
    static String spread(final List<Measurement> rows, final ToDoubleFunction<Measurement> value,
                         final boolean ratio) {
        final double[] values = rows.stream().mapToDouble(value).sorted().toArray();
        final double median = values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        final String format = ratio ? "%.3f" : "%,.0f";
        final String text = String.format(Locale.ROOT, format, median);
        return values.length == 1 ? text : text + String.format(Locale.ROOT, " (" + format + "–" + format + ")",
                values[0], values[values.length - 1]);
    }
}
