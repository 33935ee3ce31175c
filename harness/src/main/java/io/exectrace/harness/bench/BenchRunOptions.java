package io.exectrace.harness.bench;

import io.exectrace.harness.chaos.ChaosLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options every benchmark with the app as a child JVM shares ({@code --seed}, {@code --work-dir}), and its run in
 * that work directory: the report's table on stdout, the directory deleted after a pass and kept after a failure.
 */
final class BenchRunOptions {

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Broker data, app state and the app's log (default: a new temporary directory); deleted"
                    + " after a passed run, kept after a failed one.")
    Path workDir;

    /** What one benchmark run printed and whether it passed. */
    record Outcome(String table, boolean passed, List<String> failures) {
    }

    /** One benchmark, run in {@code workDir} with progress lines on {@code log}. */
    interface Benchmark {
        Outcome run(Path workDir, ChaosLog log) throws Exception;
    }

    /**
     * Runs {@code benchmark} for {@code exectrace bench <command>}.
     *
     * @return the exit code: 0 when it passed, 1 when it failed (its failures on stderr)
     */
    int run(final CommandSpec spec, final String command, final Benchmark benchmark) throws Exception {
        return run(spec, command, benchmark, false);
    }

    /**
     * As {@link #run(CommandSpec, String, Benchmark)}; with {@code keepGivenDir} a {@code --work-dir} the user gave
     * is kept after a pass too (it holds inputs worth reusing).
     */
    int run(final CommandSpec spec, final String command, final Benchmark benchmark, final boolean keepGivenDir)
            throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final BenchWorkDir dir = BenchWorkDir.of(workDir, "bench-" + command + "-");
        final Outcome outcome = benchmark.run(dir.path(), ChaosLog.printingTo(err, "bench " + command + ": "));
        out.print(outcome.table());
        out.flush();
        if (!outcome.passed()) {
            err.println("bench " + command + ": " + String.join("; ", outcome.failures()) + "; work directory kept: "
                    + dir.path());
            return 1;
        }
        if (!(keepGivenDir && workDir != null)) {
            dir.delete();
        }
        return 0;
    }
}
