package io.exectrace.harness.bench;

import io.exectrace.harness.bench.e2e.EndToEndBenchmark;
import io.exectrace.harness.bench.e2e.EndToEndReport;
import io.exectrace.harness.bench.e2e.EndToEndSettings;
import io.exectrace.harness.chaos.InputKeying;

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
            "End-to-end throughput: pre-load the input topic with synthetic events (the project's generator: both"
                    + " dialects, partial fills, out-of-order, duplicates, invalid lines), then measure in each"
                    + " round a) a raw consumer and, alternating, c) the full exectrace topology, b) baseline 2 (a"
                    + " minimal Kafka Streams app: Jackson parse + count per session in a cached RocksDB store) and"
                    + " b3) baseline 3 (Jackson parse + every event written once to a logged, uncached store), all"
                    + " with exectrace's guarantee, threads and commit interval.",
            "Rates are steady-state rates: from the first commit once the app is RUNNING until its input lag is 0;"
                    + " start-up (start() to first commit) is reported apart. exectrace's session summaries are"
                    + " checked against the generator's expected totals, the baselines' stores against the input;"
                    + " a wrong answer fails the command (exit code 1).",
            "--key none (or order, constant) pre-loads the input as a producer that does not key by session would:"
                    + " no key (order: the order id, constant: one key), placed by the Java producer's default"
                    + " partitioner with a plain producer's batch size (16 KiB), so that a session's records spread"
                    + " over the partitions and go through exectrace's reorder stage; compared with --key session,"
                    + " that is the reorder stage's cost in throughput (docs/benchmarks.md). The baselines read the"
                    + " same topic (they take the session id from the value). The check is the same, but for the"
                    + " parse errors: an invalid line without a key naming its session counts for the session the"
                    + " parser can still read from it, else for none (dead-letter topic only), so their expected"
                    + " count per session is recomputed from the input for that keying.",
            "Prints markdown tables: every run, the medians, c/b and c/b3 (median of the per-run ratios); also each"
                    + " application's CPU per record in its steady state (its threads' CPU time in this JVM) with c/b"
                    + " and c/b3 by CPU, which hold on a busy machine where rates do not, and the JVM's peak heap"
                    + " after a collection while each ran."})
public final class BenchEndToEndCommand implements Callable<Integer> {

    @Option(names = {"--records", "--events"}, paramLabel = "N", defaultValue = "5000000",
            description = "Synthetic records pre-loaded (default: ${DEFAULT-VALUE}: a steady state of 20 s or more"
                    + " for every configuration up to ~250 K records/s; the report flags shorter ones).")
    long records;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1000",
            description = "Sessions they belong to (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
            description = "Partitions of the input topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Rounds of the whole comparison; figures are the medians (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--guarantee", paramLabel = "G", split = ",",
            defaultValue = "exactly_once_v2",
            description = "Processing guarantees compared (default: ${DEFAULT-VALUE}).")
    List<String> guarantees;

    @Option(names = "--threads", paramLabel = "N", split = ",", defaultValue = "2",
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

    @Option(names = "--baseline-parse", paramLabel = "P", defaultValue = "STREAM",
            description = "How baselines 2 and 3 parse a line: STREAM (Jackson's streaming parser over every token)"
                    + " or TREE (ObjectMapper.readTree, what baseline 2 did before) (default: ${DEFAULT-VALUE}).")
    io.exectrace.harness.bench.e2e.SessionIds baselineParse;

    @Option(names = "--former-baseline2",
            description = "Also run baseline 2 as it was before issue #23 (Jackson tree, all of exectrace's Kafka"
                    + " Streams properties) in every round, to compare it with today's baseline 2.")
    boolean formerBaseline2;

    @Option(names = "--key", paramLabel = "session|none|order|constant", defaultValue = "session",
            converter = KeyingConverter.class,
            description = "How the pre-loaded input is keyed: session (the session id, as exectrace's producers key;"
                    + " the default), none (no key: spread by the default partitioner), order (the order id, null"
                    + " without one) or constant (one key for all); all but session go through the reorder stage.")
    InputKeying keying;

    @Option(names = "--reconcile",
            description = "exectrace reconciles the generator's venues (kraken, binance, coinbase): the venue's fills"
                    + " of the generated orders (produce synth --venue-fills, default mismatch rate) are pre-loaded"
                    + " into a venue-fills topic too. The baselines read the events only.")
    boolean reconcile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final EndToEndSettings settings = new EndToEndSettings(records, sessions, partitions, runs, bootstrapServers,
                guarantees, threads, workDir.toAbsolutePath(), seed, baselineParse, formerBaseline2, keying, reconcile);
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
