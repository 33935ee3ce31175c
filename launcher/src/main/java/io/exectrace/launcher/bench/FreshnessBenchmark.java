package io.exectrace.launcher.bench;

import io.exectrace.bench.e2e.LoadAverage;
import io.exectrace.launcher.chaos.AppProcess;
import io.exectrace.launcher.chaos.ChaosLog;
import io.exectrace.launcher.chaos.ChaosRig;
import io.exectrace.producer.ProducerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The freshness benchmark of the performance issue: one exectrace app (a child JVM, default settings) under a
 * steady synthetic background load; every probe interval one event is sent for a probe session of its own, and
 * {@code GET /api/sessions/{probe}} is polled until that session's {@code events} count includes it. The time from
 * just before the send until then is the probe's latency. Probes are sent on schedule whether or not the previous
 * one is visible yet, so a slow pipeline does not thin out the samples.
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
                settings.rate(), settings.sessions(), settings.seed());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                     ProducerSettings.build(rig.bootstrapServers(), null, Map.of()));
             ProbeTracker tracker = ProbeTracker.start(app, PROBE_SESSION, capacity,
                     settings.pollInterval())) {
            log.step("background load of %.0f records/s over %d sessions started; warm-up %d s", settings.rate(),
                    settings.sessions(), settings.warmup().toSeconds());
            sendProbes(producer, tracker, app, load, settings.warmup());
            // The background rate is taken between two readings of the input's end offsets, each timed at the
            // middle of its admin request.
            long t = System.nanoTime();
            final long recordsBefore = rig.inputRecords();
            final long readBefore = (t + System.nanoTime()) / 2;
            final int first = tracker.sent() + 1;
            log.step("measuring %d s", settings.duration().toSeconds());
            sendProbes(producer, tracker, app, load, settings.duration());
            final int last = tracker.sent();
            t = System.nanoTime();
            final long recordsAfter = rig.inputRecords();
            final double seconds = ((t + System.nanoTime()) / 2 - readBefore) / 1e9;
            final long lag = rig.inputLag(APPLICATION_ID);
            tracker.awaitVisible(FreshnessSettings.PROBE_TIMEOUT.toNanos());
            final long[] latencies = new long[last - first + 1];
            int visible = 0;
            for (int k = first; k <= last; k++) {
                final long latency = tracker.latencyNanos(k);
                if (latency >= 0 && latency <= FreshnessSettings.PROBE_TIMEOUT.toNanos()) {
                    latencies[visible++] = latency;
                }
            }
            final double backgroundRate = (recordsAfter - recordsBefore - (last - first + 1)) / seconds;
            return new FreshnessReport(settings, new Percentiles(Arrays.copyOf(latencies, visible)),
                    latencies.length - visible, backgroundRate, lag, loadBefore, LoadAverage.now());
        }
    }

    /** Sends one probe per interval for {@code period}, on schedule. */
    private void sendProbes(final KafkaProducer<String, byte[]> producer, final ProbeTracker tracker,
                            final AppProcess app, final BackgroundLoad load, final Duration period)
            throws InterruptedException {
        final long interval = settings.probeInterval().toNanos();
        final long end = System.nanoTime() + period.toNanos();
        long next = System.nanoTime();
        while (next < end && tracker.hasRoom()) {
            sleepUntil(next);
            load.check();
            tracker.check();
            if (!app.alive()) {
                throw new IllegalStateException("the app died during the run, see " + appLog);
            }
            final int number = tracker.sending();
            producer.send(new ProducerRecord<>(ChaosRig.INPUT_TOPIC, PROBE_SESSION,
                    probes.line(number, Instant.now())), (metadata, e) -> {
                        if (e != null) {
                            log.step("probe %d not delivered: %s", number, e.getMessage());
                        }
                    });
            next += interval;
        }
    }

    private static void sleepUntil(final long dueNanos) throws InterruptedException {
        final long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
