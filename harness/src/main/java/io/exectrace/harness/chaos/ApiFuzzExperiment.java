package io.exectrace.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.broker.EmbeddedKafkaBroker;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.SessionSummary;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment of reliability scenario 6 ({@link ApiFuzzScenario}), hostile API use: one instance on the embedded broker with a synthetic run's state is
 * sent seeded hostile requests for every operation of its own OpenAPI document ({@link ApiFuzzer}), many CSV
 * exports at once, and exports the client abandons after a few kilobytes. Every answer must be 2xx or 4xx, the
 * heap must come back to where it was, and an abandoned export must release its thread and its store iterator.
 *
 * @param seed           seeds the data and the requests
 * @param requests       fuzzed requests to send
 * @param syntheticLines size of the state queried (4 sessions)
 */
public record ApiFuzzExperiment(long seed, int requests, int syntheticLines) {
    private static final Logger LOG = LoggerFactory.getLogger(ApiFuzzExperiment.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ANSWER_CAP = 256 * 1024;
    private static final int TIMEOUT_MILLIS = 30_000;

    /**
     * The scenario's figures.
     *
     * @param operations         operations in the OpenAPI document
     * @param requests           fuzzed requests sent
     * @param byStatus           answers per status code
     * @param serverErrors       requests answered 5xx or not at all (target and status), at most 20
     * @param concurrentExports  CSV exports run at once
     * @param exportBytes        size of one full export
     * @param exportsIncomplete  concurrent exports that failed or came back with another size
     * @param cancelledExports   exports abandoned by the client
     * @param inFlightAtCancel   of those, how many the server was still writing when the client left
     * @param openIteratorsAfter store iterators still open after the abandoned exports (Kafka Streams metric)
     * @param busyThreadsAfter   server threads still inside a store scan after the abandoned exports
     * @param heapBeforeMb       heap in use after a GC, before the fuzzing
     * @param heapAfterMb        heap in use after a GC, after everything
     * @param heapPeakMb         highest heap in use sampled during the run
     * @param elapsed            wall-clock time of the requests
     */
    public record Result(int operations, long requests, Map<Integer, Long> byStatus, List<String> serverErrors,
                         int concurrentExports, long exportBytes, int exportsIncomplete, int cancelledExports,
                         int inFlightAtCancel, long openIteratorsAfter, int busyThreadsAfter, long heapBeforeMb, long heapAfterMb,
                         long heapPeakMb, Duration elapsed) {
        public boolean passed() {
            return serverErrors.isEmpty() && exportsIncomplete == 0 && openIteratorsAfter == 0
                    && busyThreadsAfter == 0 && heapAfterMb <= heapBeforeMb + HEAP_GROWTH_ALLOWED_MB;
        }
    }

    /** Heap the run may leave behind (caches, JIT, Kafka buffers) before it counts as a leak. */
    public static final long HEAP_GROWTH_ALLOWED_MB = 128;

    /** Runs the scenario with its own broker and state under {@code workDir}. */
    public Result run(final Path workDir) throws IOException, InterruptedException {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDirectory(workDir.resolve("kafka")).start()) {
            final ExectraceConfig config = ChaosSetup.config(broker.bootstrapServers(), "exectrace-chaos-api",
                    workDir.resolve("state"), Map.of());
            try (ChaosSetup.Instance instance = ChaosSetup.Instance.start(config)) {
                if (!instance.app().awaitRunning(Duration.ofSeconds(90))) {
                    throw new IllegalStateException("the pipeline did not reach RUNNING");
                }
                final ExpectedTotals totals = ChaosSetup.feed(broker.bootstrapServers(), config.inputTopic(),
                        ChaosSetup.synthetic(seed, 4, syntheticLines));
                final ReadOnlyKeyValueStore<String, SessionSummary> summaries = instance.app()
                        .store(Registry.SESSION_SUMMARY.name(), QueryableStoreTypes.keyValueStore());
                final boolean consumed = ChaosSetup.await(() -> totals.sessions().stream().allMatch(s -> {
                    final SessionSummary summary = summaries.get(s.sessionId());
                    return summary != null
                            && summary.events() + summary.duplicates() + summary.parseErrors() >= s.lines();
                }), Duration.ofMinutes(3));
                if (!consumed) {
                    throw new IllegalStateException("the synthetic run was not consumed within 3 min");
                }
                final List<String> ids = totals.sessions().stream().map(ExpectedTotals.Session::sessionId).toList();
                return attack(instance, ids);
            }
        }
    }

    private Result attack(final ChaosSetup.Instance instance, final List<String> ids)
            throws IOException, InterruptedException {
        final int port = instance.api().port();
        final RawHttp http = new RawHttp("127.0.0.1", port);
        final JsonNode openApi = JSON.readTree(java.net.URI.create(instance.baseUrl() + "/api").toURL());
        final ApiFuzzer fuzzer = new ApiFuzzer(seed, openApi, ids);
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final long heapBefore = heapAfterGc(memory);
        final AtomicLong peak = new AtomicLong(heapBefore);
        final Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (final InterruptedException e) {
                    return;
                }
            }
        }, "chaos-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        final long started = System.nanoTime();

        final Map<Integer, Long> byStatus = Collections.synchronizedMap(new TreeMap<>());
        final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        final List<String> targets = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            targets.add(fuzzer.next());
        }
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<?>> sent = new ArrayList<>();
            for (final String target : targets) {
                sent.add(pool.submit(() -> {
                    int status;
                    try {
                        status = http.get(target, ANSWER_CAP, 0, TIMEOUT_MILLIS).status();
                    } catch (final IOException e) {
                        status = -1;
                    }
                    byStatus.merge(status, 1L, Long::sum);
                    if ((status < 200 || status >= 500) && serverErrors.size() < 20) {
                        serverErrors.add(status + " " + shorten(target));
                    }
                    return null;
                }));
            }
            for (final Future<?> f : sent) {
                f.get();
            }
        } catch (final java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }

        // Many full CSV exports of the largest session at once: every one complete, all the same size.
        final String exportTarget = "/api/sessions/" + ApiFuzzer.encode(ids.get(0)) + "/timeline?format=csv";
        final long fullSize = http.get(exportTarget, Long.MAX_VALUE, 0, TIMEOUT_MILLIS).bodyBytes();
        final int concurrent = 16;
        final ExecutorService exporters = Executors.newFixedThreadPool(concurrent);
        int incomplete = 0;
        try {
            final List<Future<RawHttp.Answer>> exports = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                exports.add(exporters.submit(() -> http.get(exportTarget, Long.MAX_VALUE, 0, TIMEOUT_MILLIS)));
            }
            for (final Future<RawHttp.Answer> export : exports) {
                try {
                    final RawHttp.Answer answer = export.get();
                    if (answer.status() != 200 || answer.bodyBytes() != fullSize) {
                        incomplete++;
                    }
                } catch (final java.util.concurrent.ExecutionException e) {
                    incomplete++;
                }
            }
        } finally {
            exporters.shutdownNow();
        }

        // Exports abandoned after 4 KB by a client with a tiny receive buffer: the server is still writing.
        final int cancelled = 8;
        final int[] inFlight = {0};
        for (int i = 0; i < cancelled; i++) {
            http.get(exportTarget, 4096, 4096, TIMEOUT_MILLIS, () -> {
                try {
                    Thread.sleep(300);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // The server is blocked writing this export (a full socket buffer), if its thread is in a scan.
                inFlight[0] += threadsInStoreScans() > 0 ? 1 : 0;
            });
        }
        final long[] iterators = {-1};
        final int[] busy = {-1};
        ChaosSetup.await(() -> {
            iterators[0] = openIterators(instance);
            busy[0] = threadsInStoreScans();
            return iterators[0] <= 0 && busy[0] == 0;
        }, Duration.ofSeconds(30));
        final Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        sampler.interrupt();
        final long heapAfter = heapAfterGc(memory);
        final Result result = new Result(fuzzer.operations().size(), requests, new TreeMap<>(byStatus),
                List.copyOf(serverErrors), concurrent, fullSize, incomplete, cancelled, inFlight[0], iterators[0], busy[0],
                heapBefore >> 20, heapAfter >> 20, peak.get() >> 20, elapsed);
        LOG.info("{}", result);
        return result;
    }

    /**
     * Sum of Kafka Streams' {@code num-open-iterators} over every store, or -1 when this Kafka Streams version
     * does not report it.
     */
    private static long openIterators(final ChaosSetup.Instance instance) {
        long open = -1;
        for (final Map.Entry<MetricName, ? extends Metric> metric : instance.app().streams().metrics().entrySet()) {
            if (metric.getKey().name().equals("num-open-iterators")) {
                open = Math.max(open, 0) + ((Number) metric.getValue().metricValue()).longValue();
            }
        }
        return open;
    }

    /** Server threads whose stack is inside a store scan of the API (a timeline, telemetry or list export). */
    private static int threadsInStoreScans() {
        int busy = 0;
        for (final ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            for (final StackTraceElement frame : thread.getStackTrace()) {
                if (frame.getClassName().startsWith("io.exectrace.api.")
                        && (frame.getClassName().endsWith("TimelineScan") || frame.getClassName().endsWith("CsvWriter"))) {
                    busy++;
                    break;
                }
            }
        }
        return busy;
    }

    private static long heapAfterGc(final MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            memory.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String shorten(final String target) {
        return target.length() <= 200 ? target : target.substring(0, 200) + "... (" + target.length() + " chars)";
    }
}
