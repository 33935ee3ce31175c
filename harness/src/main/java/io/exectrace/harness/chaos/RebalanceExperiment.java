package io.exectrace.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.broker.EmbeddedKafkaBroker;
import io.exectrace.events.Stage;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.streams.config.ExectraceConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment of reliability scenario 3 ({@link RebalanceScenario}), rebalance under query load: two instances
 * with standby replicas hold a synthetic run that is fully consumed; while clients ask the first instance for
 * random sessions without pause, the second is stopped and later restarted. Every 200 answer (fresh, forwarded or
 * stale from a standby) must carry the session's final numbers from the generator's ground truth; 503 is allowed
 * only with {@code Retry-After}; a 404, a 500 or any other answer is wrong. The share of 503s, the longest time a
 * session got no 200 and the slowest answer are measured.
 *
 * @param seed           seeds the data and the queries
 * @param syntheticLines the run's size (12 sessions)
 * @param down           how long the second instance stays stopped
 * @param after          how long queries go on once it is RUNNING again
 */
public record RebalanceExperiment(long seed, int syntheticLines, Duration down, Duration after) {
    private static final Logger LOG = LoggerFactory.getLogger(RebalanceExperiment.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLICATION_ID = "exectrace-chaos-rebalance";

    /**
     * The scenario's figures.
     *
     * @param sessions          sessions queried
     * @param queries           answers received
     * @param fresh             200 from the owner (directly or forwarded)
     * @param stale             200 from a standby copy ({@code X-Exectrace-Stale: true})
     * @param unavailable       503 with Retry-After
     * @param wrong             answers that are wrong (described in {@code examples})
     * @param share503          unavailable / queries
     * @param longestGap        longest time one session had no 200 while it was asked
     * @param totalUnavailable  wall-clock time during which at least one answer was a 503
     * @param stoppedFor        how long the second instance was down
     * @param slowestAnswer     how long the slowest answer took, what it was and when, from B's stop
     * @param examples          first wrong answers, each with when it was asked, from B's stop
     */
    public record Result(int sessions, long queries, long fresh, long stale, long unavailable, long wrong,
                         double share503, Duration longestGap, Duration totalUnavailable, Duration stoppedFor,
                         String slowestAnswer, List<String> examples) {
        public boolean passed() {
            return wrong == 0 && fresh > 0 && queries > 0;
        }
    }

    /** Runs the scenario with its own broker and two state folders under {@code workDir}. */
    public Result run(final Path workDir) throws IOException, InterruptedException {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDirectory(workDir.resolve("kafka")).start()) {
            final ExectraceConfig configA = config(broker, workDir.resolve("state-a"));
            final ExectraceConfig configB = config(broker, workDir.resolve("state-b"));
            ChaosSetup.Instance a = ChaosSetup.Instance.start(configA);
            ChaosSetup.Instance b = ChaosSetup.Instance.start(configB);
            try {
                if (!a.app().awaitRunning(Duration.ofSeconds(90)) || !b.app().awaitRunning(Duration.ofSeconds(90))) {
                    throw new IllegalStateException("the instances did not reach RUNNING");
                }
                final ExpectedTotals totals = ChaosSetup.feed(broker.bootstrapServers(), configA.inputTopic(),
                        ChaosSetup.synthetic(seed, 12, syntheticLines));
                final Map<String, ExpectedTotals.Session> truth = new TreeMap<>();
                totals.sessions().forEach(s -> truth.put(s.sessionId(), s));
                final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(2)).build();
                final String baseA = a.baseUrl();
                final boolean settled = ChaosSetup.await(() -> truth.values().stream()
                        .allMatch(s -> answer(http, baseA, s.sessionId()).correct(s)), Duration.ofMinutes(3));
                if (!settled) {
                    throw new IllegalStateException("the run was not consumed within 3 min");
                }
                final QueryLoad load = new QueryLoad(http, baseA, truth, seed);
                final List<Thread> clients = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    final Thread client = new Thread(load, "chaos-query-client-" + i);
                    client.start();
                    clients.add(client);
                }
                Thread.sleep(3_000);
                final long stopped = System.nanoTime();
                load.stopping(stopped);
                LOG.info("stopping instance B");
                b.close();
                Thread.sleep(down.toMillis());
                LOG.info("restarting instance B");
                b = ChaosSetup.Instance.start(configB);
                final Duration stoppedFor = Duration.ofNanos(System.nanoTime() - stopped);
                if (!b.app().awaitRunning(Duration.ofSeconds(120))) {
                    LOG.warn("instance B did not reach RUNNING again within 120 s");
                }
                Thread.sleep(after.toMillis());
                load.stop();
                for (final Thread client : clients) {
                    client.join();
                }
                final Result result = load.result(truth.size(), stoppedFor);
                LOG.info("{}", result);
                return result;
            } finally {
                b.close();
                a.close();
            }
        }
    }

    private static ExectraceConfig config(final EmbeddedKafkaBroker broker, final Path stateDir) throws IOException {
        final int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        return ChaosSetup.config(broker.bootstrapServers(), APPLICATION_ID, stateDir, Map.of(
                "EXECTRACE_API_PORT", Integer.toString(port),
                "EXECTRACE_STANDBY_REPLICAS", "1",
                // A stopped member is noticed after the session timeout: the broker's minimum, not 45 s.
                "EXECTRACE_STREAMS_SESSION_TIMEOUT_MS", "6000",
                "EXECTRACE_STREAMS_HEARTBEAT_INTERVAL_MS", "1000",
                // No idle close during the scenario: the summaries stay at their final state.
                "EXECTRACE_IDLE_TIMEOUT", "30m"));
    }

    /** One answer to {@code GET /api/sessions/{id}}. */
    private record Answer(int status, boolean stale, String retryAfter, JsonNode body, String error) {

        /** The status, or the error when there was none. */
        String outcome() {
            return error != null ? error : Integer.toString(status) + (stale ? " stale" : "");
        }

        /** A 200 whose counts equal the session's ground truth. */
        boolean correct(final ExpectedTotals.Session truth) {
            return status == 200 && mismatch(truth) == null;
        }

        /** What differs from the ground truth, or null. */
        String mismatch(final ExpectedTotals.Session truth) {
            final Map<String, long[]> counts = new TreeMap<>();
            counts.put("events", new long[]{truth.events(), body.path("events").asLong(-1)});
            counts.put("duplicates", new long[]{truth.duplicates(), body.path("duplicates").asLong(-1)});
            counts.put("parse_errors", new long[]{truth.invalid(), body.path("parse_errors").asLong(-1)});
            for (final Stage stage : Stage.values()) {
                counts.put(stage.label(), new long[]{truth.events(stage), body.path("by_stage").path(stage.label())
                        .asLong(0)});
            }
            for (final Map.Entry<String, long[]> c : counts.entrySet()) {
                if (c.getValue()[0] != c.getValue()[1]) {
                    return c.getKey() + " " + c.getValue()[1] + " instead of " + c.getValue()[0];
                }
            }
            return null;
        }
    }

    private static Answer answer(final HttpClient http, final String base, final String id) {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(base + "/api/sessions/" + ApiFuzzer.encode(id)))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (final IOException e) {
                body = JSON.missingNode();
            }
            return new Answer(response.statusCode(),
                    "true".equals(response.headers().firstValue("X-Exectrace-Stale").orElse(null)),
                    response.headers().firstValue("Retry-After").orElse(null), body, null);
        } catch (final IOException e) {
            return new Answer(-1, false, null, JSON.missingNode(), e.toString());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, false, null, JSON.missingNode(), "interrupted");
        }
    }

    /** Clients asking for random sessions without pause, keeping the tallies. */
    private static final class QueryLoad implements Runnable {
        private final HttpClient http;
        private final String base;
        private final Map<String, ExpectedTotals.Session> truth;
        private final List<String> ids;
        private final long seed;
        private final AtomicLong threadSeeds = new AtomicLong();
        private volatile boolean running = true;

        private final QueryTally tally = new QueryTally();
        private final Map<Long, Boolean> unavailableSeconds = new ConcurrentHashMap<>();
        private final long started = System.nanoTime();
        /** When B's close began ({@link System#nanoTime()}), null before. */
        private volatile Long stoppedAt;

        QueryLoad(final HttpClient http, final String base, final Map<String, ExpectedTotals.Session> truth,
                  final long seed) {
            this.http = http;
            this.base = base;
            this.truth = truth;
            this.ids = List.copyOf(truth.keySet());
            this.seed = seed;
        }

        /** B's close begins at {@code nanos}: answers are placed in time from there. */
        void stopping(final long nanos) {
            stoppedAt = nanos;
        }

        @Override
        public void run() {
            final SplittableRandom random = new SplittableRandom(seed + threadSeeds.incrementAndGet());
            while (running) {
                final String id = ids.get(random.nextInt(ids.size()));
                final long asked = System.nanoTime();
                final Answer answer = answer(http, base, id);
                final long now = System.nanoTime();
                tally.asked();
                tally.took(now - asked, () -> id + ": " + answer.outcome() + ", asked " + sinceStop(asked));
                if (answer.status() == 200) {
                    final String mismatch = answer.mismatch(truth.get(id));
                    if (mismatch != null) {
                        tally.wrongAnswer(id, now, id + (answer.stale() ? " (stale)" : "") + ": " + mismatch
                                + ", asked " + sinceStop(asked));
                    } else {
                        tally.right(id, now, answer.stale());
                    }
                } else if (answer.status() == 503 && answer.retryAfter() != null) {
                    tally.unavailable(id, now);
                    unavailableSeconds.put((now - started) / 100_000_000L, Boolean.TRUE);
                } else {
                    tally.wrongAnswer(id, now, id + ": " + answer.status() + " " + (answer.error() != null
                            ? answer.error() : answer.body().toString()) + ", asked " + sinceStop(asked));
                }
            }
        }

        void stop() {
            running = false;
        }

        /** When {@code nanos} was, from the start of B's close (negative: before it). */
        private String sinceStop(final long nanos) {
            final Long stop = stoppedAt;
            return stop == null ? "before B's stop" : String.format("%+.1f s from B's stop", (nanos - stop) / 1e9);
        }

        Result result(final int sessions, final Duration stoppedFor) {
            final long n = tally.queries();
            return new Result(sessions, n, tally.fresh(), tally.stale(), tally.unavailable(), tally.wrongCount(),
                    n == 0 ? 0 : (double) tally.unavailable() / n, tally.longestOutage(),
                    Duration.ofMillis(unavailableSeconds.size() * 100L), stoppedFor, tally.slowestAnswer(),
                    tally.examples());
        }
    }
}
