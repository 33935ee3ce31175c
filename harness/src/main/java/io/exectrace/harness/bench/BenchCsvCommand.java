package io.exectrace.harness.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code exectrace bench csv}: one session's whole timeline streamed as CSV from an app with a small heap. */
@Command(name = "csv",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "CSV export: stream one session's whole timeline through GET /api/sessions/{id}/timeline?format=csv"
                    + " from an app started with a small heap, and time it.",
            "Starts an embedded broker, loads --events synthetic events of ONE session (no duplicates, no invalid"
                    + " lines: every event is a timeline row; event times end about now, inside the 7-day"
                    + " timeline retention), starts one exectrace app as a child JVM (exectrace run, default"
                    + " settings, -Xmx from --heap) and waits until it has committed all input and its summary"
                    + " counts every event. Then it reads the export --exports times over loopback HTTP, counting"
                    + " rows and bytes as they arrive, while sampling the app's used heap (jvm_memory_used_bytes{area=\"heap\"}"
                    + " summed, from its /metrics) every --heap-sample-interval ms.",
            "Prints each export's rows, bytes, seconds and rows/s, their median rows/s, the peak heap sampled and"
                    + " whether the app survived. Exit code 1 on a short or broken-off export, or when the app died or wrote an OutOfMemoryError."})
public final class BenchCsvCommand implements Callable<Integer> {

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000",
            description = "Events of the exported session, i.e. CSV rows (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--exports", paramLabel = "N", defaultValue = "3",
            description = "Exports of the timeline, back to back from the same app; the median counts (default:"
                    + " ${DEFAULT-VALUE}).")
    int exports;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "256m",
            description = "The app's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--heap-sample-interval", paramLabel = "MS", defaultValue = "100",
            description = "Time between two heap samples during the export (default: ${DEFAULT-VALUE}).")
    long sampleIntervalMillis;

    @Option(names = "--load-timeout", paramLabel = "MINUTES", defaultValue = "60",
            description = "The longest the app may take to consume the events (default: ${DEFAULT-VALUE}).")
    long loadTimeoutMinutes;

    @Mixin
    BenchRunOptions runOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return runOptions.run(spec, "csv", (dir, log) -> {
            final CsvExportSettings settings = new CsvExportSettings(events, exports, heap,
                    Duration.ofMillis(sampleIntervalMillis), Duration.ofMinutes(loadTimeoutMinutes), runOptions.seed,
                    dir);
            final CsvExportReport report = new CsvExportBenchmark(settings, log).run();
            return new BenchRunOptions.Outcome(report.table(), report.passed(), List.of("the export was short or"
                    + " broke off, or the app died or ran out of memory"));
        });
    }
}
