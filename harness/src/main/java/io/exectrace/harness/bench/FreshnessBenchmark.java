package io.exectrace.harness.bench;

import io.exectrace.harness.bench.e2e.LoadAverage;
import io.exectrace.harness.chaos.AppProcess;
import io.exectrace.harness.chaos.ChaosLog;
import io.exectrace.harness.chaos.ChaosRig;
import io.exectrace.producer.ProducerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The freshness benchmark of the performance issue: one exectrace app (a child JVM, default settings) under a
 * steady synthetic background load; every probe interval one event is sent for a probe session of its own, and
 * {@code GET /api/sessions/{probe}} is polled until that session's {@code events} count includes it. The time from
 * just before the send until then is the probe's latency. Probes are sent on schedule whether or not the previous
 * one is visible yet, so a slow pipeline does not thin out the samples.
 *
 * <p>Next to it, the outcome freshness: the time from just before the send of a probe chain's fill until
 * {@code GET /api/sessions/{id}/chains} shows the chain closed as {@code filled}, in two cases, because an ended
 * chain waits out a settle time before it closes and which clock ends that wait differs: a busy session (one
 * chain per probe interval, so the session's event clock moves on) and silent sessions (a session of its own per
 * probe, nothing after the fill). And the time until the outcome could first be read: the chain listed by
 * {@code chains?state=open} as ended by its full fill, or else closed.
 */
final class FreshnessBenchmark {
    static final String APPLICATION_ID = "bench-freshness";
    static final String PROBE_SESSION = "bench-freshness-probe";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private final FreshnessSettings settings;
    private final ChaosLog log;
    private final ProbeEvents probes = new ProbeEvents(PROBE_SESSION);
    /** The app's output, named when it dies. */
    private Path appLog;

    FreshnessBenchmark(final FreshnessSettings settings, final ChaosLog log) {
        this.settings = settings;
        this.log = log;
    }

    FreshnessReport run() throws IOException, InterruptedException {
        final String loadBefore = LoadAverage.now();
        try (ChaosRig rig = ChaosRig.start(settings.workDir(), log)) {
            rig.createInputTopic();
            final ChaosRig.AppInstance instance = rig.instanceWithDefaults(APPLICATION_ID,
                    Map.of("stream.threads", Integer.toString(settings.threads())));
            appLog = instance.log();
            try (AppProcess app = instance.launch(List.of())) {
                log.step("app ready after %.1f s (log: %s)", app.awaitReady(READY_TIMEOUT).toMillis() / 1000.0,
                        appLog);
                return measure(rig, app, loadBefore);
            }
        }
    }

    private FreshnessReport measure(final ChaosRig rig, final AppProcess app, final String loadBefore)
            throws InterruptedException {
        final int capacity = (int) ((settings.warmup().toNanos() + settings.duration().toNanos())
                / settings.probeInterval().toNanos() + 2);
        try (BackgroundLoad load = BackgroundLoad.start(rig.bootstrapServers(), ChaosRig.INPUT_TOPIC,
                settings.rate(), settings.sessions(), settings.seed(), settings.keying());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ProducerSettings.build(
                     rig.bootstrapServers(), null, settings.keying().producerOverrides(Map.of())));
             ProbeTracker tracker = ProbeTracker.start(app, PROBE_SESSION, capacity,
                     settings.pollInterval());
             // One poller per case, so the silent sessions' requests do not delay the busy session's.
             OutcomeTracker busy = OutcomeTracker.start(app::get, settings.pollInterval(),
                     settings.outcomeTimeout());
             OutcomeTracker silent = OutcomeTracker.start(app::get, settings.pollInterval(),
                     settings.outcomeTimeout())) {
            final Probes p = new Probes(new ProbeSender(producer, ChaosRig.INPUT_TOPIC, log, probes, tracker, busy,
                    silent, settings.keying()), tracker, busy, silent, app, load);
            log.step("background load of %.0f records/s over %d sessions started, input keyed by %s; warm-up %d s",
                    settings.rate(), settings.sessions(), settings.keying().label(), settings.warmup().toSeconds());
            sendProbes(p, settings.warmup());
            // The background rate is taken between two readings of the input's end offsets, each timed at the
            // middle of its admin request.
            long t = System.nanoTime();
            final long recordsBefore = rig.inputRecords();
            final long readBefore = (t + System.nanoTime()) / 2;
            final int first = tracker.sent() + 1;
            final int firstBusy = busy.sent() + 1;
            final int firstSilent = silent.sent() + 1;
            final long probeRecordsBefore = p.sender().records();
            final long[] pollsBefore = polls(p);
            log.step("measuring %d s", settings.duration().toSeconds());
            sendProbes(p, settings.duration());
            final int last = tracker.sent();
            final int lastBusy = busy.sent();
            final int lastSilent = silent.sent();
            final long probeRecords = p.sender().records() - probeRecordsBefore;
            final long[] pollsAfter = polls(p);
            t = System.nanoTime();
            final long recordsAfter = rig.inputRecords();
            final double seconds = ((t + System.nanoTime()) / 2 - readBefore) / 1e9;
            final PollRates pollRates = new PollRates((pollsAfter[0] - pollsBefore[0]) / seconds,
                    (pollsAfter[1] - pollsBefore[1]) / seconds, (pollsAfter[2] - pollsBefore[2]) / seconds);
            final long lag = rig.inputLag(APPLICATION_ID);
            log.step("waiting for the outstanding probes (event counts up to %d s, chains up to %d s)",
                    FreshnessSettings.PROBE_TIMEOUT.toSeconds(), settings.outcomeTimeout().toSeconds());
            awaitOutstanding(p, lastBusy, lastSilent);
            final long[] latencies = new long[last - first + 1];
            int visible = 0;
            for (int k = first; k <= last; k++) {
                final long latency = tracker.latencyNanos(k);
                if (latency >= 0 && latency <= FreshnessSettings.PROBE_TIMEOUT.toNanos()) {
                    latencies[visible++] = latency;
                }
            }
            final double backgroundRate = (recordsAfter - recordsBefore - probeRecords) / seconds;
            return new FreshnessReport(settings, new Percentiles(Arrays.copyOf(latencies, visible)),
                    latencies.length - visible, busy.figures(firstBusy, lastBusy),
                    silent.figures(firstSilent, lastSilent), backgroundRate, pollRates, lag, loadBefore,
                    LoadAverage.now());
        }
    }

    /** What sends the probes and what must keep running while they go out. */
    private record Probes(ProbeSender sender, ProbeTracker events, OutcomeTracker busy, OutcomeTracker silent,
                          AppProcess app, BackgroundLoad load) {
    }

    /**
     * Sends probes on schedule for {@code period}: per probe interval one event-count probe and one chain of the
     * busy session, per silent probe interval one silent-session chain.
     */
    private void sendProbes(final Probes p, final Duration period) throws InterruptedException {
        final long interval = settings.probeInterval().toNanos();
        final long silentInterval = settings.silentProbeInterval().toNanos();
        final long end = System.nanoTime() + period.toNanos();
        long next = System.nanoTime();
        long nextSilent = next;
        while (p.sender().hasRoom()) {
            final long due = Math.min(next, nextSilent);
            if (due >= end) {
                break;
            }
            sleepUntil(due);
            checkRunning(p);
            if (next <= due) {
                p.sender().eventProbe();
                p.sender().busyChain();
                next += interval;
            }
            if (nextSilent <= due) {
                p.sender().silentChain();
                nextSilent += silentInterval;
            }
        }
    }

    /**
     * Waits until no measured probe is outstanding, each kind up to its timeout. Meanwhile the busy session keeps
     * getting a chain per probe interval (not counted): its last measured chains must close on a moving event
     * clock too, or they would be silent probes.
     */
    private void awaitOutstanding(final Probes p, final int lastBusy, final int lastSilent)
            throws InterruptedException {
        final long interval = settings.probeInterval().toNanos();
        long next = System.nanoTime();
        while (true) {
            next += interval;
            sleepUntil(next);
            checkRunning(p);
            final boolean busyWaiting = p.busy().waiting(lastBusy);
            if (!busyWaiting && !p.silent().waiting(lastSilent)
                    && !p.events().waiting(FreshnessSettings.PROBE_TIMEOUT.toNanos())) {
                return;
            }
            if (busyWaiting) {
                p.sender().busyChain();
            }
        }
    }

    /** Requests sent so far by the summary, busy and silent pollers. */
    private static long[] polls(final Probes p) {
        return new long[] {p.events().requests(), p.busy().requests(), p.silent().requests()};
    }

    private void checkRunning(final Probes p) {
        p.load().check();
        p.events().check();
        p.busy().check();
        p.silent().check();
        if (!p.app().alive()) {
            throw new IllegalStateException("the app died during the run, see " + appLog);
        }
    }

    private static void sleepUntil(final long dueNanos) throws InterruptedException {
        final long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
