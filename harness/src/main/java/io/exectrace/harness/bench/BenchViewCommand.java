package io.exectrace.harness.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code exectrace bench view}: the offline viewer's summary of generated logs, against the seed's viewer. */
@Command(name = "view",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Offline viewer: time `exectrace view --path LOG --summary` on logs the generator writes (seeded, so"
                    + " anyone gets the same files), in alternating pairs with the seed's Python viewer when"
                    + " --seed-viewer is given.",
            "For each --sessions count it writes LOG with `exectrace produce synth --seed N --sessions S --rate max"
                    + " --events E --ledger-share L --start 2025-12-20T10:00:00Z` (kept in --work-dir when it already"
                    + " holds that log), then"
                    + " runs --runs pairs: the viewer and the seed viewer, one after the other, the order swapped"
                    + " every pair. Every command runs as a new process, start-up included, as a user runs it.",
            "With --floor each pair also times the floor: a minimal Java pass over LOG, as its own process on"
                    + " this JVM (every line found and its session id read, on every core), so seed / floor bounds"
                    + " the ratio any viewer in Java can reach on this machine.",
            "Prints one row per run (wall seconds, the viewer's peak resident memory sampled from /proc, the"
                    + " ratio seed / viewer), then per log the medians. Without --seed-viewer only the viewer's"
                    + " own figures. Exit code 1 when a command fails or the viewer's output differs between runs."})
public final class BenchViewCommand implements Callable<Integer> {

    @Option(names = "--sessions", paramLabel = "S", split = ",", defaultValue = "8,200,2000",
            description = "Sessions of each generated log (default: ${DEFAULT-VALUE}).")
    List<Integer> sessions;

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000",
            description = "Records per log (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7",
            description = "The generator's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ledger-share", paramLabel = "SHARE", defaultValue = "0",
            description = "Share of sessions in dialect B; 0 writes Peak_Trade's dialect only, so the seed reads"
                    + " every line (default: ${DEFAULT-VALUE}).")
    double ledgerShare;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Runs (pairs) per log; figures are medians (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed-viewer", paramLabel = "PATH",
            description = "The seed's viewer, called with the log's path as its one argument (a .py file runs"
                    + " with python3), e.g. a script around Peak_Trade's telemetry_viewer.py iter_events +"
                    + " summarize_events (docs/benchmarks.md).")
    Path seedViewer;

    @Option(names = "--floor",
            description = "Also time the floor (a minimal Java pass over each log: lines and session ids) after"
                    + " the viewer in every pair.")
    boolean floor;

    @Option(names = "--exectrace", paramLabel = "PATH", defaultValue = "./exectrace",
            description = "The launcher script to time (default: ${DEFAULT-VALUE}); it runs without rebuilding.")
    Path exectrace;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the logs are written and kept for later runs (default: a new temporary directory,"
                    + " deleted after a passed run).")
    Path workDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || events < 1 || sessions.stream().anyMatch(s -> s < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--runs, --events and --sessions must be at least 1");
        }
        final BenchRunOptions options = new BenchRunOptions();
        options.workDir = workDir;
        options.seed = seed;
        return options.run(spec, "view", (dir, log) -> {
            final ViewComparison comparison = new ViewComparison(exectrace.toAbsolutePath(),
                    seedViewer == null ? null : seedViewer.toAbsolutePath(), floor, dir, log);
            final ViewComparison.Report report = comparison.run(sessions, events, seed, ledgerShare, runs);
            return new BenchRunOptions.Outcome(report.table(), report.passed(), report.failures());
        }, true);
    }
}
