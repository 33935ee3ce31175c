package io.exectrace.harness.bench;

import io.exectrace.harness.bench.e2e.EndToEndBenchmark;
import io.exectrace.harness.bench.e2e.EndToEndReport;
import io.exectrace.harness.bench.e2e.EndToEndSettings;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code exectrace bench e2e}: pre-loads synthetic events, then measures the raw consumer, a minimal stateful
 * Kafka Streams app and the full exectrace topology on them, side by side, and checks exectrace's answer.
 */
@Command(name = "e2e",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "End-to-end throughput: pre-load the input topic with synthetic events (both dialects, partial fills,"
                    + " out-of-order, duplicates, invalid lines), then measure in the same run a) a raw consumer,"
                    + " b) a minimal stateful Kafka Streams app (Jackson parse + per-session count, Processor API,"
                    + " RocksDB, same guarantee and threads) and c) the full exectrace topology, each from start"
                    + " until its input lag is 0. exectrace's session summaries are checked against the generator's"
                    + " expected totals; a wrong answer fails the command (exit code 1).",
            "Prints a markdown table: records/s (median and min-max over the runs) and the ratios c/a, c/b."})
public final class BenchEndToEndCommand implements Callable<Integer> {

    @Option(names = "--events", paramLabel = "N", defaultValue = "2000000",
            description = "Synthetic records pre-loaded (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1000",
            description = "Sessions they belong to (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
            description = "Partitions of the input topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1",
            description = "Rounds of the whole comparison; figures are the median and min-max (default:"
                    + " ${DEFAULT-VALUE}; use 3 for recorded figures).")
    int runs;

    @Option(names = "--guarantee", paramLabel = "G", split = ",",
            defaultValue = "exactly_once_v2,at_least_once",
            description = "Processing guarantees compared (default: ${DEFAULT-VALUE}).")
    List<String> guarantees;

    @Option(names = "--threads", paramLabel = "N", split = ",", defaultValue = "1,2",
            description = "Stream thread counts compared (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
            description = "Use this cluster instead of an embedded broker started for the run.")
    String bootstrapServers;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "data/bench",
            description = "Embedded broker log and state directories, deleted afterwards (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final EndToEndSettings settings = new EndToEndSettings(events, sessions, partitions, runs, bootstrapServers,
                guarantees, threads, workDir.toAbsolutePath(), seed);
        final EndToEndReport report = new EndToEndBenchmark(settings, line -> {
            err.println("bench e2e: " + line);
            err.flush();
        }).run();
        out.print(report.table());
        out.flush();
        if (!report.correct()) {
            err.println("bench e2e: exectrace's output differs from the expected totals (see above)");
            return 1;
        }
        return 0;
    }
}
