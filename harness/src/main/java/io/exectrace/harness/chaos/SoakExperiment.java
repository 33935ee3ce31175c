package io.exectrace.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.harness.bench.HeapSampler;
import io.exectrace.harness.bench.Percentiles;
import io.exectrace.harness.bench.e2e.LoadAverage;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.correlation.CorrelationStores;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The months-of-operation soak: one app with a short {@code session.retention} while new sessions keep starting, a
 * batch a second, for several retention periods. It samples the state on disk, the changelog bytes, the heap and the
 * latency of {@code /api/sessions?limit=100} and {@code /api/sessions/{id}} (at 1,000, 10,000 and the target of
 * live sessions, then every sample interval); then checks the stores against the generator run through the
 * pipeline's own correlation ({@link InMemoryReference}, batch by batch): sessions inside the retention are there
 * with the reference's summary, latencies and chains, sessions long past it are gone, and the chains topic (the
 * durable record) holds every chain of every session, removed or not; and finally deletes the app's local state and
 * times the full restore, after which the API answers as before.
 */
final class SoakExperiment {
    static final String APPLICATION_ID = "soak";
    private static final long[] THRESHOLDS = {1_000, 10_000};
    /** Longest event time after its batch's start at which a session still changes (chains end within ~25 s). */
    private static final Duration SESSION_SPAN = Duration.ofSeconds(40);
    /** Sessions whose API answers are compared before and after the restore. */
    private static final int RESTORE_SAMPLE = 200;
    /** Retention periods after which the run is in its steady state (the "after the first 1.2 periods"). */
    static final double STEADY_AFTER_PERIODS = 1.2;
    /** The shortest {@code health.retention} the app accepts: its longest health window. */
    private static final Duration MIN_HEALTH_RETENTION = Duration.ofMinutes(5);
    /** How often the app looks for idle sessions (it runs with the default). */
    private static final Duration IDLE_CHECK_INTERVAL = CorrelationSettings.defaults().idleCheckInterval();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final SoakSettings settings;
    private final ChaosLog log;
    private final List<SoakBatch> batches = new CopyOnWriteArrayList<>();
    private final List<SoakSample> samples = new ArrayList<>();
    private final List<String> examples = new ArrayList<>();
    /** Request times of every sample between {@link #STEADY_AFTER_PERIODS} retention periods and the input's end. */
    private final List<Long> steadyListNanos = new ArrayList<>();
    private final List<Long> steadySummaryNanos = new ArrayList<>();
    private long mismatches;
    private long firstBatchMillis;

    SoakExperiment(final SoakSettings settings, final ChaosLog log) {
        this.settings = settings;
        this.log = log;
    }

    /** Everything the soak measured and found. */
    record Result(List<SoakSample> samples, Percentiles steadyList, Percentiles steadySummary,
                  long startedSessions, int sessionsPerBatch, int sessionsAtEnd,
                  long chainKeys, Duration restore, long stateBytesBeforeRestore, long mismatches,
                  List<String> examples, String loadBefore, String loadAfter) {
    }

    Result run() throws Exception {
        final String loadBefore = LoadAverage.now();
        try (ChaosRig rig = ChaosRig.start(settings.workDir(), log)) {
            rig.createInputTopic();
            final ChaosRig.AppInstance instance = rig.instance(APPLICATION_ID, appSettings());
            final Map<String, String> answersBefore;
            final PipelineSnapshot snapshot;
            try (AppProcess app = instance.launch(settings.appJvmOptions())) {
                app.awaitReady(settings.readyTimeout());
                log.step("app ready; %d sessions a second for %s (%.1f retention periods of %s)",
                        settings.sessionsPerBatch(), settings.runTime(), settings.periods(), settings.retention());
                produceAndSample(rig, instance, app);
                drain(rig, app);
                samples.add(sample(rig, instance, app));
                snapshot = check(rig, instance);
                checkList(app);
                answersBefore = ApiSummaries.read(app, restoreSample());
            }
            final long stateBytes = bytes(instance.stateDir());
            instance.deleteState();
            final Duration restore;
            try (AppProcess app = instance.launch(settings.appJvmOptions())) {
                restore = app.awaitReady(settings.readyTimeout());
                log.step("full restore (local state deleted): ready after %.1f s", restore.toMillis() / 1000.0);
                final Map<String, String> answersAfter = ApiSummaries.read(app, answersBefore.keySet());
                answersBefore.forEach((id, before) -> {
                    if (!Objects.equals(before, answersAfter.get(id))) {
                        mismatch("session " + id + " after the restore: before " + before + ", now "
                                + answersAfter.get(id));
                    }
                });
            }
            return new Result(samples, pooled(steadyListNanos), pooled(steadySummaryNanos), started(),
                    settings.sessionsPerBatch(), snapshot.summaries().size(),
                    snapshot.chains().size(), restore, stateBytes, mismatches, examples, loadBefore,
                    LoadAverage.now());
        }
    }

    private Map<String, String> appSettings() {
        return Map.of("session.retention", settings.retention().toMillis() + "ms",
                "idle.timeout", settings.idleTimeout().toMillis() + "ms",
                // The stores with retentions of their own (chains and timeline 7 d, alerts and health windows 1 d by
                // default, both shorter than the 30-day session retention) compressed with it: at 7 days they would
                // only grow during a run of minutes. Health windows need at least 5 minutes (the longest window).
                "timeline.retention", settings.retention().toMillis() + "ms",
                "health.retention", Math.max(settings.retention().toMillis(), MIN_HEALTH_RETENTION.toMillis()) + "ms",
                // Compaction only works on rolled segments: roll the changelogs every minute and drop tombstones a
                // minute after compaction, so changelog bytes follow the live state within a few minutes (with
                // Kafka's defaults, 7-day segments, they would only grow during a run this short).
                "streams.topic.segment.ms", "60000",
                "streams.topic.delete.retention.ms", "60000",
                "streams.topic.min.cleanable.dirty.ratio", "0.1");
    }

    /** Sends a batch every second on a thread of its own; samples on this one until the run time is over. */
    private void produceAndSample(final ChaosRig rig, final ChaosRig.AppInstance instance, final AppProcess app)
            throws Exception {
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(rig.bootstrapServers(), null, Map.of()))) {
            firstBatchMillis = System.currentTimeMillis();
            sender.scheduleAtFixedRate(() -> {
                try {
                    sendBatch(producer);
                } catch (final RuntimeException e) {
                    failure.compareAndSet(null, e);
                    throw e;
                }
            }, 0, SoakSettings.BATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            final long end = firstBatchMillis + settings.runTime().toMillis();
            long nextSample = firstBatchMillis + settings.sampleInterval().toMillis();
            int threshold = 0;
            while (System.currentTimeMillis() < end) {
                if (failure.get() != null) {
                    throw new IllegalStateException("sending input failed", failure.get());
                }
                if (!app.alive()) {
                    throw new IllegalStateException("the app died, see " + instance.log());
                }
                final long live = live(System.currentTimeMillis());
                final boolean atThreshold = threshold < THRESHOLDS.length && live >= THRESHOLDS[threshold];
                final boolean atTarget = threshold == THRESHOLDS.length && live >= settings.liveSessions() * 0.98;
                if (atThreshold || atTarget || System.currentTimeMillis() >= nextSample) {
                    samples.add(sample(rig, instance, app));
                    if (atThreshold || atTarget) {
                        threshold++;
                    }
                    nextSample = Math.max(nextSample + settings.sampleInterval().toMillis(),
                            System.currentTimeMillis());
                    continue;
                }
                Thread.sleep(200);
            }
        } finally {
            sender.shutdown();
            if (!sender.awaitTermination(30, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        }
        log.step("%,d sessions started in %,d batches", started(), batches.size());
    }

    private void sendBatch(final KafkaProducer<String, byte[]> producer) {
        final long seed = settings.seed() * 1_000_000L + batches.size();
        final long start = System.currentTimeMillis();
        final SyntheticSessions generator = new SyntheticSessions(SoakBatch.settings(seed,
                settings.sessionsPerBatch(), start));
        final Set<String> ids = new LinkedHashSet<>();
        while (generator.hasNext()) {
            final SyntheticRecord record = generator.next();
            ids.add(record.key());
            producer.send(new ProducerRecord<>(ChaosRig.INPUT_TOPIC, record.key(), record.value()));
        }
        producer.flush();
        batches.add(new SoakBatch(seed, settings.sessionsPerBatch(), start, new ArrayList<>(ids)));
    }

    /** Waits until the app has committed all its input and the last sessions were closed by the idle timeout. */
    private void drain(final ChaosRig rig, final AppProcess app) throws InterruptedException {
        final long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        while (rig.inputLag(APPLICATION_ID) != 0) {
            if (System.nanoTime() > deadline || !app.alive()) {
                throw new IllegalStateException("the app did not work off its input (lag "
                        + rig.inputLag(APPLICATION_ID) + ")");
            }
            Thread.sleep(500);
        }
        // A session is closed by the first idle check after its idle timeout, and the check runs every
        // IDLE_CHECK_INTERVAL: the last sessions can close up to that much later than their timeout.
        Thread.sleep(settings.idleTimeout().plus(IDLE_CHECK_INTERVAL).plusSeconds(5).toMillis());
    }

    private SoakSample sample(final ChaosRig rig, final ChaosRig.AppInstance instance, final AppProcess app)
            throws IOException, InterruptedException {
        final long now = System.currentTimeMillis();
        final List<String> ids = liveIds(now, settings.requests());
        final double elapsed = (now - firstBatchMillis) / 1000.0;
        final boolean steady = elapsed >= settings.retention().toMillis() * STEADY_AFTER_PERIODS / 1000.0
                && elapsed <= settings.runTime().toMillis() / 1000.0;
        final SoakSample.LatencyFigures list = time(app, List.of("/api/sessions?limit=100"),
                steady ? steadyListNanos : null);
        final SoakSample.LatencyFigures summary = !ids.isEmpty() ? time(app, ids.stream()
                .map(id -> "/api/sessions/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).toList(),
                steady ? steadySummaryNanos : null) : null;
        final SoakSample s = new SoakSample(elapsed, started(), live(now),
                removedSessions(app), bytes(instance.stateDir()), changelogBytes(rig), HeapSampler.usedHeap(app),
                list, summary);
        log.step("%.0f s: %,d live, %,d removed, state %.1f MB, changelogs %.1f MB, heap %.0f MB, list p99 %s ms, "
                        + "summary p99 %s ms", s.elapsedSeconds(), s.liveSessions(), s.removedSessions(),
                s.stateBytes() / 1e6, s.changelogBytes() / 1e6, s.heapBytes() / 1e6,
                list == null ? "-" : String.format("%.1f", list.p99()),
                summary == null ? "-" : String.format("%.1f", summary.p99()));
        return s;
    }

    /** {@code requests} GETs, each path in turn, one after another; the answered ones' times also into {@code pool}. */
    private SoakSample.LatencyFigures time(final AppProcess app, final List<String> paths, final List<Long> pool)
            throws InterruptedException {
        final long[] nanos = new long[settings.requests()];
        int failed = 0;
        int n = 0;
        for (int i = 0; i < settings.requests(); i++) {
            final HttpRequest request = HttpRequest.newBuilder(URI.create(app.apiUrl() + paths.get(i % paths.size())))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            final long t0 = System.nanoTime();
            try {
                final HttpResponse<byte[]> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (answer.statusCode() == 200) {
                    nanos[n++] = System.nanoTime() - t0;
                } else {
                    failed++;
                }
            } catch (final IOException e) {
                failed++;
            }
        }
        final long[] answered = java.util.Arrays.copyOf(nanos, n);
        if (pool != null) {
            for (final long t : answered) {
                pool.add(t);
            }
        }
        final Percentiles p = new Percentiles(answered);
        return new SoakSample.LatencyFigures(n, p.millis(0.5), p.millis(0.99), p.maxMillis(), failed);
    }

    private static Percentiles pooled(final List<Long> nanos) {
        return new Percentiles(nanos.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Compares what the app left in its changelogs and the chains topic with the reference, batch by batch:
     * sessions inside the retention must be there and equal, sessions long past it gone, every chain on the topic.
     */
    private PipelineSnapshot check(final ChaosRig rig, final ChaosRig.AppInstance instance) {
        final long readFrom = System.currentTimeMillis();
        final PipelineSnapshot actual = PipelineSnapshot.read(rig.bootstrapServers(), APPLICATION_ID,
                instance.chainsTopic());
        final long readUntil = System.currentTimeMillis();
        final long retention = settings.retention().toMillis();
        final long goneAfter = retention + SESSION_SPAN.toMillis() + settings.idleTimeout().toMillis() + 10_000;
        long referenceChains = 0;
        int inside = 0;
        int gone = 0;
        for (final SoakBatch batch : batches) {
            final PipelineSnapshot reference = InMemoryReference.of(batch.synth(), InputKeying.SESSION);
            referenceChains += reference.chains().size();
            reference.chains().forEach((key, chain) -> {
                if (!chain.equals(actual.chains().get(key))) {
                    mismatch("chain " + key + " on the chains topic: reference " + chain + ", run "
                            + actual.chains().get(key));
                }
            });
            // No session of a batch can be removed before its start plus the retention (both clocks are later).
            final boolean mustBeThere = batch.startMillis() + retention > readUntil;
            final boolean mustBeGone = batch.startMillis() + goneAfter < readFrom;
            inside += mustBeThere ? batch.sessions() : 0;
            gone += mustBeGone ? batch.sessions() : 0;
            for (final String id : reference.summaries().keySet()) {
                final String found = actual.summaries().get(id);
                if (found == null ? mustBeThere : mustBeGone) {
                    mismatch("session " + id + " (started " + (readFrom - batch.startMillis()) / 1000 + " s before "
                            + "the check): " + (found == null ? "missing inside the retention" : "not removed"));
                } else if (found != null) {
                    compare("summary of session " + id, reference.summaries().get(id), found);
                    final String all = HEX.formatHex(CorrelationStores.latencyKey(id, null).get());
                    // The changelogs are read one after another while retention goes on: a session past the
                    // retention may lose its latencies between the two reads; one inside it may not.
                    if (mustBeThere || actual.latencies().containsKey(all)) {
                        compare("latencies of session " + id, reference.latencies().get(all),
                                actual.latencies().get(all));
                    }
                }
            }
        }
        if (referenceChains != actual.chains().size()) {
            mismatch("chains topic: " + actual.chains().size() + " chain keys, the reference has " + referenceChains);
        }
        log.step("checked %,d sessions in %,d batches: %,d inside the retention, %,d long past it, %,d in the "
                + "stores; %,d chain keys", started(), batches.size(), inside, gone, actual.summaries().size(),
                referenceChains);
        return actual;
    }

    /** Pages through {@code /api/sessions}: newest first, no session twice, every session inside the retention. */
    private void checkList(final AppProcess app) throws IOException, InterruptedException {
        final List<String> listed = new ArrayList<>();
        final Set<String> seen = new java.util.HashSet<>();
        long previousTs = Long.MAX_VALUE;
        String cursor = null;
        do {
            final String body = app.get("/api/sessions?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor));
            if (body == null) {
                mismatch("/api/sessions did not answer");
                return;
            }
            final JsonNode page = JSON.readTree(body);
            for (final JsonNode item : page.get("sessions")) {
                final String id = item.get("session_id").asText();
                final long ts = item.get("last_ts_micros").asLong();
                if (!seen.add(id)) {
                    mismatch("/api/sessions lists " + id + " twice");
                }
                if (ts > previousTs) {
                    mismatch("/api/sessions is not newest first at " + id);
                }
                previousTs = ts;
                listed.add(id);
            }
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        final long listedAt = System.currentTimeMillis();
        for (final SoakBatch batch : batches) {
            if (batch.startMillis() + settings.retention().toMillis() > listedAt) {
                batch.sessionIds().stream().filter(id -> !seen.contains(id)).limit(3)
                        .forEach(id -> mismatch("/api/sessions does not list " + id + " (inside the retention)"));
            }
        }
        log.step("/api/sessions pages: %,d sessions", listed.size());
    }

    /** Sessions of the newest batches, whose answers must survive the restore. */
    private List<String> restoreSample() {
        final List<String> ids = new ArrayList<>();
        for (int i = batches.size() - 1; i >= 0 && ids.size() < RESTORE_SAMPLE; i--) {
            ids.addAll(batches.get(i).sessionIds());
        }
        return ids.subList(0, Math.min(RESTORE_SAMPLE, ids.size()));
    }

    private void compare(final String what, final String reference, final String found) {
        if (!Objects.equals(reference, found)) {
            mismatch(what + ": reference " + reference + ", run " + found);
        }
    }

    private void mismatch(final String example) {
        mismatches++;
        if (examples.size() < 10) {
            examples.add(example);
        }
    }

    private long started() {
        return batches.stream().mapToLong(SoakBatch::sessions).sum();
    }

    private long live(final long nowMillis) {
        return batches.stream().filter(b -> b.startMillis() + settings.retention().toMillis() > nowMillis)
                .mapToLong(SoakBatch::sessions).sum();
    }

    /** Up to {@code n} random session ids started within the last retention (older than a few seconds). */
    private List<String> liveIds(final long nowMillis, final int n) {
        final List<String> ids = new ArrayList<>();
        for (final SoakBatch b : batches) {
            if (b.startMillis() + settings.retention().toMillis() > nowMillis + 5_000
                    && b.startMillis() < nowMillis - 5_000) {
                ids.addAll(b.sessionIds());
            }
        }
        java.util.Collections.shuffle(ids, new Random(nowMillis));
        return ids.subList(0, Math.min(n, ids.size()));
    }

    private static long removedSessions(final AppProcess app) throws InterruptedException {
        final String metrics = app.get("/metrics");
        if (metrics == null) {
            return -1;
        }
        for (final String line : metrics.split("\n")) {
            if (line.startsWith("peak_trade_sessions_removed_total ")) {
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        return -1;
    }

    /** Bytes of the app's changelog topics' log segments in the broker's data directory. */
    private static long changelogBytes(final ChaosRig rig) throws IOException {
        final Path kafka = rig.workDir().resolve("kafka");
        long total = 0;
        final List<Path> partitions = new ArrayList<>();
        Files.walkFileTree(kafka, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), 3,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attributes) {
                        final String name = dir.getFileName().toString();
                        if (name.startsWith(APPLICATION_ID + "-") && name.contains("-changelog-")) {
                            partitions.add(dir);
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(final Path file, final IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
        for (final Path partition : partitions) {
            // the .log files only: Kafka preallocates each segment's index files (10 MB apiece)
            try (var files = Files.list(partition)) {
                for (final Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                    try {
                        total += Files.size(f);
                    } catch (final java.nio.file.NoSuchFileException deleted) {
                        // the log cleaner replaced it while it was listed
                    }
                }
            } catch (final java.nio.file.NoSuchFileException deleted) {
                // a partition directory being deleted
            }
        }
        return total;
    }

    /** Bytes of the files under {@code dir}; files deleted while it is walked (RocksDB, the log cleaner) count 0. */
    static long bytes(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        final long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) {
                total[0] += attributes.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(final Path file, final IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}
