package io.exectrace.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 1, crash mid-stream: the app is killed with SIGKILL at seeded random points of its progress through
 * the input and restarted at once (or after a short seeded pause); once it has drained the input, every session
 * summary, latency profile and chain must equal those of an undisturbed run of the same input (exactly-once,
 * checked), and that run must equal the generator's ground truth.
 *
 * <p>Parameters: {@code kills} (default 3), {@code max-downtime} (default 3s), {@code idle-timeout} (10s),
 * {@code drain-timeout} (30m), {@code reference} ({@code app} or {@code memory}, see {@link ChaosRig#reference}).
 * The input is keyed as {@code --key} says ({@link InputKeying}; by session id unless told otherwise).
 */
public final class CrashScenario extends ChaosScenario {

    public CrashScenario() {
        super("crash",
                "SIGKILL the app at random points and restart it; the result must equal an undisturbed run",
                1_000_000);
    }

    /** Any {@code --key}: the reference app reads the same input, the in-memory reference attributes as the app. */
    @Override
    public boolean honoursKeying() {
        return true;
    }

    @Override
    public ChaosReport run(final ChaosOptions options, final ChaosLog log) throws Exception {
        final int kills = options.intParam("kills", 3);
        final Duration maxDowntime = options.durationParam("max-downtime", Duration.ofSeconds(3));
        final Duration drainTimeout = options.durationParam("drain-timeout", Duration.ofMinutes(30));
        final Map<String, String> app = Map.of("idle.timeout",
                options.durationParam("idle-timeout", Duration.ofSeconds(10)).toMillis() + "ms");
        final Random random = new Random(options.seed());
        try (ChaosRig rig = ChaosRig.start(options.workDir(), log)) {
            rig.loadInput(options.events(), options.seed(), options.keying());
            final ChaosRig.Reference reference = rig.reference(options, app, drainTimeout);

            final ChaosRig.AppInstance chaos = rig.instance("crashed", app);
            final List<Double> points = killPoints(random, kills);
            final List<String> killLog = new ArrayList<>();
            final long t0 = System.nanoTime();
            final AtomicReference<AppProcess> current = new AtomicReference<>(chaos.launch());
            try {
                for (final double point : points) {
                    awaitProgress(rig, chaos, point, current.get(), drainTimeout);
                    Thread.sleep(random.nextInt(1000));
                    final long lag = rig.inputLag(chaos.applicationId());
                    final long pid = current.get().pid();
                    current.get().kill();
                    killLog.add(String.format("%.0f%%", 100.0 * (rig.inputLines() - lag) / rig.inputLines()));
                    final long downtime = random.nextLong(maxDowntime.toMillis() + 1);
                    log.step("SIGKILL pid %d at ~%s of the input committed; restarting in %d ms", pid,
                            killLog.get(killLog.size() - 1), downtime);
                    Thread.sleep(downtime);
                    current.set(chaos.launch());
                }
                final PipelineSnapshot crashed = rig.awaitDrained(chaos, current::get, drainTimeout);
                final Duration drain = Duration.ofNanos(System.nanoTime() - t0);
                log.step("crashed run drained in %.1f s", drain.toMillis() / 1000.0);
                final SnapshotComparison diff = SnapshotComparison.of(reference.snapshot(), crashed);
                final List<String> examples = new ArrayList<>(reference.examples());
                examples.addAll(diff.examples());
                return new ChaosReport.Builder(name())
                        .figure("events (input lines)", String.format("%,d", rig.inputLines()))
                        .figure("input keyed by", options.keying().label())
                        .figure("sessions", reference.snapshot().summaries().size())
                        .figure("chain records (reference / crashed)", reference.snapshot().chainRecords() + " / "
                                + crashed.chainRecords())
                        .figure("SIGKILLs injected", killLog.size() + " (at " + String.join(", ", killLog)
                                + " of the input committed)")
                        .figure("reference", reference.drainTime() == null ? "in memory"
                                : "app run, drained in " + seconds(reference.drainTime()))
                        .figure("drain time, crashed run (incl. restarts)", seconds(drain))
                        .build(diff.mismatches() + reference.mismatches(), examples);
            } finally {
                current.get().close();
            }
        }
    }

    /** Where to kill, as shares of the input committed: seeded, spread over 10 %..90 %, ascending. */
    static List<Double> killPoints(final Random random, final int kills) {
        final List<Double> points = new ArrayList<>();
        for (int i = 0; i < kills; i++) {
            final double lo = 0.1 + 0.8 * i / kills;
            points.add(lo + random.nextDouble() * 0.8 / kills);
        }
        return points;
    }

    static void awaitProgress(final ChaosRig rig, final ChaosRig.AppInstance instance, final double share,
                                      final AppProcess app, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.alive()) {
                throw new IllegalStateException("the app died on its own, see " + instance.log());
            }
            final long lag = rig.inputLag(instance.applicationId());
            if (lag >= 0 && rig.inputLines() - lag >= share * rig.inputLines()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no progress to " + share + " within " + timeout);
    }

    static String seconds(final Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
