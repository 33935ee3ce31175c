package io.exectrace.harness.bench;

import io.exectrace.harness.chaos.ChaosLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The runs of {@code bench view}: generates each log with the launcher, then times the viewer and the seed's viewer
 * on it in alternating pairs, each as a new process. A process's peak resident memory is its kernel high-water mark
 * ({@code VmHWM} in {@code /proc/PID/status}), read every few milliseconds while it runs.
 */
final class ViewComparison {
    private static final long RSS_SAMPLE_MILLIS = 20;
    private static final long TIMEOUT_MINUTES = 30;
    /** A fixed start makes the logs the same bytes on every machine (the generator's default is now). */
    static final String START = "2025-12-20T10:00:00Z";

    /** One timed process: wall seconds, peak RSS in MB (NaN when unknown), its stdout's SHA-256, exit code. */
    record Timed(double seconds, double peakRssMb, String outputHash, int exitCode) {
    }

    /** One pair on one log. */
    record Pair(int sessions, int run, Timed viewer, Timed seed) {
        double ratio() {
            return seed == null ? Double.NaN : seed.seconds() / viewer.seconds();
        }
    }

    /** What was measured, as markdown tables, and whether every run succeeded with consistent answers. */
    record Report(String table, boolean passed, List<String> failures) {
    }

    private final Path exectrace;
    private final Path seedViewer;
    private final Path dir;
    private final ChaosLog log;

    ViewComparison(final Path exectrace, final Path seedViewer, final Path dir, final ChaosLog log) {
        this.exectrace = exectrace;
        this.seedViewer = seedViewer;
        this.dir = dir;
        this.log = log;
    }

    Report run(final List<Integer> sessions, final long events, final long seed, final double ledgerShare,
               final int runs) throws IOException, InterruptedException {
        final List<Pair> pairs = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        for (final int s : sessions) {
            final Path logFile = generate(s, events, seed, ledgerShare, failures);
            if (logFile == null) {
                continue;
            }
            for (int run = 1; run <= runs; run++) {
                // Swapping the order every pair keeps a drift in the machine's speed from favouring either side.
                final boolean seedFirst = seedViewer != null && run % 2 == 0;
                final Timed seedRun = seedFirst ? time(seedCommand(logFile)) : null;
                final Timed viewer = time(List.of(exectrace.toString(), "view", "--path", logFile.toString(),
                        "--summary"));
                final Timed seedAfter = seedViewer != null && !seedFirst ? time(seedCommand(logFile)) : seedRun;
                final Pair pair = new Pair(s, run, viewer, seedAfter);
                log.step("%d sessions, run %d: viewer %.2f s (%.0f MB)%s", s, run, viewer.seconds(),
                        viewer.peakRssMb(), seedAfter == null ? ""
                                : String.format(Locale.ROOT, ", seed %.2f s, ratio %.2f", seedAfter.seconds(),
                                        pair.ratio()));
                pairs.add(pair);
            }
            check(pairs, s, failures);
        }
        return new Report(table(pairs, sessions, events, seed, ledgerShare), failures.isEmpty(), failures);
    }

    private List<String> seedCommand(final Path logFile) {
        return seedViewer.toString().endsWith(".py")
                ? List.of("python3", seedViewer.toString(), logFile.toString())
                : List.of(seedViewer.toString(), logFile.toString());
    }

    /** The log of {@code sessions} sessions, written unless the work directory already holds it. */
    private Path generate(final int sessions, final long events, final long seed, final double ledgerShare,
                          final List<String> failures) throws IOException, InterruptedException {
        final String share = String.format(Locale.ROOT, "%s", ledgerShare);
        final Path file = dir.resolve(String.format(Locale.ROOT, "synth-seed%d-s%d-e%d-ledger%s.jsonl", seed,
                sessions, events, share));
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            log.step("%d sessions: reusing %s", sessions, file);
            return file;
        }
        final Path partial = dir.resolve(file.getFileName() + ".partial");
        log.step("%d sessions: writing %s", sessions, file);
        final Timed synth = time(List.of(exectrace.toString(), "produce", "synth", "--seed", Long.toString(seed),
                "--sessions", Integer.toString(sessions), "--rate", "max", "--events", Long.toString(events),
                "--ledger-share", share, "--start", START, "--output", partial.toString()));
        if (synth.exitCode() != 0) {
            failures.add("produce synth for " + sessions + " sessions exited with " + synth.exitCode());
            return null;
        }
        Files.move(partial, file);
        return file;
    }

    /** Every run on one log must succeed, and the viewer (and the seed) must print the same each time. */
    private static void check(final List<Pair> pairs, final int sessions, final List<String> failures) {
        final List<Pair> mine = pairs.stream().filter(p -> p.sessions() == sessions).toList();
        for (final Pair p : mine) {
            if (p.viewer().exitCode() != 0) {
                failures.add(sessions + " sessions, run " + p.run() + ": the viewer exited with "
                        + p.viewer().exitCode());
            }
            if (p.seed() != null && p.seed().exitCode() != 0) {
                failures.add(sessions + " sessions, run " + p.run() + ": the seed viewer exited with "
                        + p.seed().exitCode());
            }
        }
        if (mine.stream().map(p -> p.viewer().outputHash()).distinct().count() > 1) {
            failures.add(sessions + " sessions: the viewer's output differs between runs");
        }
        if (mine.stream().filter(p -> p.seed() != null).map(p -> p.seed().outputHash()).distinct().count() > 1) {
            failures.add(sessions + " sessions: the seed viewer's output differs between runs");
        }
    }

    private Timed time(final List<String> command) throws IOException, InterruptedException {
        final ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        final Map<String, String> env = builder.environment();
        env.put("EXECTRACE_SKIP_BUILD", "1");
        final long start = System.nanoTime();
        final Process process = builder.start();
        final MessageDigest digest = sha256();
        final Thread reader = new Thread(() -> digestAll(process.getInputStream(), digest), "bench-view-output");
        reader.start();
        double peakKb = Double.NaN;
        while (!process.waitFor(RSS_SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
            peakKb = max(peakKb, highWaterKb(process));
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES)) {
                process.destroyForcibly();
                break;
            }
        }
        final int exit = process.waitFor();
        final double seconds = (System.nanoTime() - start) / 1e9;
        reader.join();
        return new Timed(seconds, peakKb / 1024.0, HexFormat.of().formatHex(digest.digest()), exit);
    }

    /**
     * The largest high-water mark of the process and its descendants (the launcher script runs the JVM as a
     * child the first time, when it writes its class-data archive); NaN where /proc is unreadable.
     */
    private static double highWaterKb(final Process process) {
        double peak = readHighWaterKb(process.pid());
        for (final ProcessHandle child : process.descendants().toList()) {
            peak = max(peak, readHighWaterKb(child.pid()));
        }
        return peak;
    }

    private static double readHighWaterKb(final long pid) {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Double.parseDouble(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone already, or no /proc: unknown
        }
        return Double.NaN;
    }

    private static double max(final double a, final double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static void digestAll(final InputStream in, final MessageDigest digest) {
        final byte[] buf = new byte[64 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                digest.update(buf, 0, n);
            }
        } catch (IOException e) {
            digest.update((byte) 0);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String table(final List<Pair> pairs, final List<Integer> sessions, final long events, final long seed,
                         final double ledgerShare) {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "logs: produce synth --seed %d --rate max --events %d"
                + " --ledger-share %s --start %s --sessions S%n%n", seed, events, ledgerShare, START));
        final boolean withSeed = seedViewer != null;
        out.append(withSeed ? "| sessions | run | view --summary s | peak RSS MB | seed s | seed / view |\n"
                + "| --- | --- | --- | --- | --- | --- |\n"
                : "| sessions | run | view --summary s | peak RSS MB | M lines/s |\n| --- | --- | --- | --- | --- |\n");
        for (final Pair p : pairs) {
            out.append(withSeed
                    ? String.format(Locale.ROOT, "| %d | %d | %.2f | %.0f | %.2f | %.2f |%n", p.sessions(), p.run(),
                            p.viewer().seconds(), p.viewer().peakRssMb(), p.seed().seconds(), p.ratio())
                    : String.format(Locale.ROOT, "| %d | %d | %.2f | %.0f | %.3f |%n", p.sessions(), p.run(),
                            p.viewer().seconds(), p.viewer().peakRssMb(), events / p.viewer().seconds() / 1e6));
        }
        out.append(withSeed ? "\n| sessions | median view s | median seed s | median of ratios | max peak RSS MB |\n"
                + "| --- | --- | --- | --- | --- |\n"
                : "\n| sessions | median view s | max peak RSS MB |\n| --- | --- | --- |\n");
        for (final int s : sessions) {
            final List<Pair> mine = pairs.stream().filter(p -> p.sessions() == s).toList();
            if (mine.isEmpty()) {
                continue;
            }
            final double view = median(mine.stream().mapToDouble(p -> p.viewer().seconds()).toArray());
            final double rss = mine.stream().mapToDouble(p -> p.viewer().peakRssMb()).max().orElse(Double.NaN);
            out.append(withSeed
                    ? String.format(Locale.ROOT, "| %d | %.2f | %.2f | **%.2f** | %.0f |%n", s, view,
                            median(mine.stream().mapToDouble(p -> p.seed().seconds()).toArray()),
                            median(mine.stream().mapToDouble(Pair::ratio).toArray()), rss)
                    : String.format(Locale.ROOT, "| %d | %.2f | %.0f |%n", s, view, rss));
        }
        return out.toString();
    }

    /** The middle value; the mean of the two middle ones for an even count. */
    static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
