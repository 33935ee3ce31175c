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

    /** One pair on one log, with the floor's run when one was asked for (else null). */
    record Pair(int sessions, int run, Timed viewer, Timed seed, Timed floor) {
        double ratio() {
            return seed == null ? Double.NaN : seed.seconds() / viewer.seconds();
        }

        double floorRatio() {
            return seed == null || floor == null ? Double.NaN : seed.seconds() / floor.seconds();
        }
    }

    /** What was measured, as markdown tables, and whether every run succeeded with consistent answers. */
    record Report(String table, boolean passed, List<String> failures) {
    }

    private final Path exectrace;
    private final Path seedViewer;
    private final boolean withFloor;
    private final Path dir;
    private final ChaosLog log;

    /** {@code withFloor}: also time {@link ViewFloor} on each log, right after the viewer. */
    ViewComparison(final Path exectrace, final Path seedViewer, final boolean withFloor, final Path dir,
                   final ChaosLog log) {
        this.exectrace = exectrace;
        this.seedViewer = seedViewer;
        this.withFloor = withFloor;
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
                final Timed floor = withFloor ? time(floorCommand(logFile)) : null;
                final Timed seedAfter = seedViewer != null && !seedFirst ? time(seedCommand(logFile)) : seedRun;
                final Pair pair = new Pair(s, run, viewer, seedAfter, floor);
                log.step("%d sessions, run %d: viewer %.2f s (%.0f MB)%s%s", s, run, viewer.seconds(),
                        viewer.peakRssMb(), seedAfter == null ? ""
                                : String.format(Locale.ROOT, ", seed %.2f s, ratio %.2f", seedAfter.seconds(),
                                        pair.ratio()),
                        floor == null ? "" : String.format(Locale.ROOT, ", floor %.2f s", floor.seconds()));
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

    /** {@link ViewFloor} as a new process of this JVM's {@code java}, with its defaults: a floor, not tuned to lose. */
    private static List<String> floorCommand(final Path logFile) {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-cp", System.getProperty("java.class.path"), ViewFloor.class.getName(),
                logFile.toString());
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
            if (p.floor() != null && p.floor().exitCode() != 0) {
                failures.add(sessions + " sessions, run " + p.run() + ": the floor exited with "
                        + p.floor().exitCode());
            }
        }
        if (mine.stream().map(p -> p.viewer().outputHash()).distinct().count() > 1) {
            failures.add(sessions + " sessions: the viewer's output differs between runs");
        }
        if (mine.stream().filter(p -> p.seed() != null).map(p -> p.seed().outputHash()).distinct().count() > 1) {
            failures.add(sessions + " sessions: the seed viewer's output differs between runs");
        }
        if (mine.stream().filter(p -> p.floor() != null).map(p -> p.floor().outputHash()).distinct().count() > 1) {
            failures.add(sessions + " sessions: the floor's output differs between runs");
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
        final List<String> head = new ArrayList<>(List.of("sessions", "run", "view --summary s", "peak RSS MB"));
        head.addAll(withSeed ? List.of("seed s", "seed / view") : List.of("M lines/s"));
        if (withFloor) {
            head.addAll(withSeed ? List.of("floor s", "seed / floor") : List.of("floor s"));
        }
        row(out, head);
        row(out, head.stream().map(h -> "---").toList());
        for (final Pair p : pairs) {
            final List<String> cells = new ArrayList<>(List.of(Integer.toString(p.sessions()),
                    Integer.toString(p.run()), f2(p.viewer().seconds()), f0(p.viewer().peakRssMb())));
            cells.addAll(withSeed ? List.of(f2(p.seed().seconds()), f2(p.ratio()))
                    : List.of(String.format(Locale.ROOT, "%.3f", events / p.viewer().seconds() / 1e6)));
            if (withFloor) {
                cells.addAll(withSeed ? List.of(f2(p.floor().seconds()), f2(p.floorRatio()))
                        : List.of(f2(p.floor().seconds())));
            }
            row(out, cells);
        }
        out.append('\n');
        final List<String> medianHead = new ArrayList<>(List.of("sessions", "median view s"));
        if (withSeed) {
            medianHead.addAll(List.of("median seed s", "median of ratios"));
        }
        if (withFloor) {
            medianHead.addAll(withSeed ? List.of("median floor s", "median seed / floor") : List.of("median floor s"));
        }
        medianHead.add("max peak RSS MB");
        row(out, medianHead);
        row(out, medianHead.stream().map(h -> "---").toList());
        for (final int s : sessions) {
            final List<Pair> mine = pairs.stream().filter(p -> p.sessions() == s).toList();
            if (mine.isEmpty()) {
                continue;
            }
            final List<String> cells = new ArrayList<>(List.of(Integer.toString(s),
                    f2(median(mine.stream().mapToDouble(p -> p.viewer().seconds()).toArray()))));
            if (withSeed) {
                cells.add(f2(median(mine.stream().mapToDouble(p -> p.seed().seconds()).toArray())));
                cells.add("**" + f2(median(mine.stream().mapToDouble(Pair::ratio).toArray())) + "**");
            }
            if (withFloor) {
                cells.add(f2(median(mine.stream().mapToDouble(p -> p.floor().seconds()).toArray())));
                if (withSeed) {
                    cells.add(f2(median(mine.stream().mapToDouble(Pair::floorRatio).toArray())));
                }
            }
            cells.add(f0(mine.stream().mapToDouble(p -> p.viewer().peakRssMb()).max().orElse(Double.NaN)));
            row(out, cells);
        }
        return out.toString();
    }

    private static void row(final StringBuilder out, final List<String> cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static String f2(final double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String f0(final double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    /** The middle value; the mean of the two middle ones for an even count. */
    static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
