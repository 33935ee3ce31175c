package io.exectrace.harness.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 2, broker restart: while the app works through its input, the broker is stopped for the outage time
 * and started again on the same port and data directory. The app must recover by itself, {@code /ready} must
 * answer 503 while the broker is gone and 200 again after, and the final result must equal an undisturbed run.
 *
 * <p>Parameters: {@code outage} (default 30s), {@code at} (share of the input committed when the broker stops,
 * default 30 %), {@code idle-timeout} (default 60s), {@code drain-timeout} (30m), {@code reference} ({@code app}
 * or {@code memory}, see {@link ChaosRig#reference}).
 */
public final class BrokerRestartScenario extends ChaosScenario {
    private static final long UNSET = -1;

    public BrokerRestartScenario() {
        super("broker-restart",
                "stop the broker for 30 s mid-run; the app must recover, /ready must report it, the result be exact",
                200_000);
    }

    @Override
    public ChaosReport run(final ChaosOptions options, final ChaosLog log) throws Exception {
        final Duration outage = options.durationParam("outage", Duration.ofSeconds(30));
        final double at = options.intParam("at", 30) / 100.0;
        final Duration drainTimeout = options.durationParam("drain-timeout", Duration.ofMinutes(30));
        final Map<String, String> settings = Map.of("idle.timeout",
                options.durationParam("idle-timeout", Duration.ofSeconds(60)).toMillis() + "ms");
        try (ChaosRig rig = ChaosRig.start(options.workDir(), log)) {
            rig.loadInput(options.events(), options.seed());
            final ChaosRig.Reference reference = rig.reference(options, settings, drainTimeout);
            final List<String> examples = new ArrayList<>(reference.examples());

            final ChaosRig.AppInstance instance = rig.instance("outage", settings);
            final long t0 = System.nanoTime();
            try (AppProcess app = instance.launch()) {
                app.awaitReady(drainTimeout);
                CrashScenario.awaitProgress(rig, instance, at, app, drainTimeout);
                final ReadyWatch watch = new ReadyWatch(app);
                watch.start();
                final long down = System.nanoTime();
                rig.stopBroker();
                log.step("broker stopped for %s", CrashScenario.seconds(outage));
                Thread.sleep(outage.toMillis());
                final long up = System.nanoTime();
                rig.startBroker();
                log.step("broker started again after %s", CrashScenario.seconds(Duration.ofNanos(up - down)));
                final long readyAgain = watch.awaitReadyAfter(up, drainTimeout);
                watch.stop();
                final PipelineSnapshot run = rig.awaitDrained(instance, () -> app, drainTimeout);
                final Duration drain = Duration.ofNanos(System.nanoTime() - t0);
                final SnapshotComparison diff = SnapshotComparison.of(reference.snapshot(), run);
                examples.addAll(diff.examples());
                long mismatches = diff.mismatches() + reference.mismatches();
                final long firstNotReady = watch.firstNotReadyAfter(down);
                if (firstNotReady == UNSET || firstNotReady > up) {
                    mismatches++;
                    examples.add("/ready never reported the outage");
                }
                if (watch.readyWhileDown(firstNotReady, up) > 0) {
                    mismatches++;
                    examples.add("/ready answered 200 " + watch.readyWhileDown(firstNotReady, up)
                            + " times during the outage after first reporting it");
                }
                return new ChaosReport.Builder(name())
                        .figure("events (input lines)", String.format("%,d", rig.inputLines()))
                        .figure("broker down", CrashScenario.seconds(Duration.ofNanos(up - down)) + " (at "
                                + Math.round(at * 100) + " % of the input committed)")
                        .figure("/ready 503 after the broker stopped", firstNotReady == UNSET ? "never"
                                : CrashScenario.seconds(Duration.ofNanos(firstNotReady - down)))
                        .figure("/ready 200 again after the broker started",
                                CrashScenario.seconds(Duration.ofNanos(readyAgain - up)))
                        .figure("/ready not ready (window)", firstNotReady == UNSET ? "-"
                                : CrashScenario.seconds(Duration.ofNanos(readyAgain - firstNotReady)))
                        .figure("/ready probes during the outage (200 / 503 / no answer)", watch.counts(down, up))
                        .figure("reference", reference.drainTime() == null ? "in memory"
                                : "app run, drained in " + CrashScenario.seconds(reference.drainTime()))
                        .figure("drain time, with outage", CrashScenario.seconds(drain))
                        .build(mismatches, examples);
            }
        }
    }

    /** Polls {@code /ready} every 200 ms in the background and remembers every answer with its time. */
    private static final class ReadyWatch {
        private final AppProcess app;
        private final List<long[]> samples = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong lastReady = new AtomicLong(UNSET);
        private Thread thread;

        ReadyWatch(final AppProcess app) {
            this.app = app;
        }

        void start() {
            thread = new Thread(() -> {
                while (running.get()) {
                    final int status = app.readyStatus();
                    final long now = System.nanoTime();
                    synchronized (samples) {
                        samples.add(new long[] {now, status});
                    }
                    if (status == 200) {
                        lastReady.set(now);
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "chaos-ready-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join();
        }

        long awaitReadyAfter(final long since, final Duration timeout) throws InterruptedException {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                final long t = lastReady.get();
                if (t != UNSET && t > since) {
                    return t;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("/ready did not answer 200 within " + timeout + " of the restart");
        }

        long firstNotReadyAfter(final long since) {
            synchronized (samples) {
                for (final long[] s : samples) {
                    if (s[0] > since && s[1] != 200) {
                        return s[0];
                    }
                }
            }
            return UNSET;
        }

        long readyWhileDown(final long from, final long to) {
            if (from == UNSET) {
                return 0;
            }
            synchronized (samples) {
                return samples.stream().filter(s -> s[0] > from && s[0] < to && s[1] == 200).count();
            }
        }

        String counts(final long from, final long to) {
            long ok = 0;
            long unavailable = 0;
            long none = 0;
            synchronized (samples) {
                for (final long[] s : samples) {
                    if (s[0] >= from && s[0] <= to) {
                        if (s[1] == 200) {
                            ok++;
                        } else if (s[1] == 503) {
                            unavailable++;
                        } else {
                            none++;
                        }
                    }
                }
            }
            return ok + " / " + unavailable + " / " + none;
        }
    }
}
