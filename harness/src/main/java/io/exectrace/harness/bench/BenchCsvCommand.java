package io.exectrace.harness.bench;

import io.exectrace.harness.chaos.ChaosLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Broker data, app state and the app's log (default: a new temporary directory); deleted"
                    + " after a passed run, kept after a failed one.")
    Path workDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final BenchWorkDir dir = BenchWorkDir.of(workDir, "bench-csv-");
        final CsvExportSettings settings = new CsvExportSettings(events, exports, heap,
                Duration.ofMillis(sampleIntervalMillis), Duration.ofMinutes(loadTimeoutMinutes), seed, dir.path());
        final CsvExportReport report = new CsvExportBenchmark(settings, ChaosLog.printingTo(err, "bench csv: ")).run();
        out.print(report.table());
        out.flush();
        if (!report.passed()) {
            err.println("bench csv: the export was short or broke off, or the app died or ran out of memory;"
                    + " work directory kept: " + dir.path());
            return 1;
        }
        dir.delete();
        return 0;
    }
}
