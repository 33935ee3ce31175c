package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.producer.JsonlReplayer;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.config.ExectraceConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the app and API on one broker, same application.id, sessions spread over four partitions: every
 * session is answered with its expected numbers by either instance (forwarded to the owner when needed; its open
 * chains too), the list fans out to both, an unreachable or hung owner's sessions are answered from the standby copy
 * (marked stale), and after one instance stops every session is answered again by the survivor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DistributedApiTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final int COPIES = 8;

    @TempDir
    static Path stateA;
    @TempDir
    static Path stateB;

    /** Expected events and chains per outcome, per session. */
    private final Map<String, Expected.Session> expected = new TreeMap<>();
    private final List<Instance> instances = new ArrayList<>();

    private record Instance(ExectraceStreamsApp app, ExectraceApiServer api, String base) {
        void close() {
            api.close();
            app.close(Duration.ofSeconds(30));
        }
    }

    /* A second close of an API server is harmless (Javalin stop is idempotent), so close() may follow api().close(). */

    @BeforeAll
    void startTwoInstancesAndReplay() throws Exception {
        instances.add(start(stateA));
        instances.add(start(stateB));
        for (final Instance instance : instances) {
            assertThat(instance.app().awaitRunning(ApiHttpTest.PATIENCE)).isTrue();
        }
        final List<GoldenFixture> fixtures = GoldenFixtures.all();
        fixtures.forEach(f -> f.expected().sessions().forEach(s -> expected.put(s.sessionId(), s)));
        final GoldenFixture latency = GoldenFixtures.named("golden_session_latency.jsonl");
        final Expected.Session latencySession = latency.expected().sessions().get(0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            new JsonlReplayer(producer, "execution-events", 0)
                    .replay(fixtures.stream().map(GoldenFixture::file).toList(), ReplayProgress.NONE);
            // Copies of the latency session under other ids, so sessions land on every partition.
            for (int i = 1; i <= COPIES; i++) {
                final String id = "dist_session_" + i;
                for (final byte[] line : latency.lines()) {
                    final String text = new String(line, StandardCharsets.UTF_8)
                            .replace("golden_session_latency", id);
                    producer.send(new ProducerRecord<>("execution-events", id, text.getBytes(StandardCharsets.UTF_8)));
                }
                expected.put(id, latencySession);
            }
            producer.flush();
        }
    }

    @AfterAll
    void stop() {
        instances.forEach(Instance::close);
    }

    @Test
    void everySessionFromEitherInstanceThenFromTheSurvivor() {
        // Both instances own some sessions.
        final Set<Integer> owners = new HashSet<>();
        for (final String id : expected.keySet()) {
            final KeyQueryMetadata owner = instances.get(0).app().streams().queryMetadataForKey(
                    Registry.SESSION_SUMMARY.name(), id, new StringSerializer());
            owners.add(owner.activeHost().port());
        }
        assertThat(owners).hasSize(2);

        int forwarded = 0;
        int openForwarded = 0;
        for (final Instance instance : instances) {
            for (final Map.Entry<String, Expected.Session> session : expected.entrySet()) {
                final Http.Answer answer = answerOnceSettled(instance.base(), session.getKey(), session.getValue());
                assertThat(answer.json().path("session_id").asText()).isEqualTo(session.getKey());
                if (answer.header("X-Exectrace-Served-By") != null) {
                    forwarded++;
                }
                // The idle timeout has closed every chain: none open, whichever instance is asked.
                final Http.Answer open = openChains(instance.base(), session.getKey());
                assertThat(open.json().path("session_id").asText()).isEqualTo(session.getKey());
                assertThat(open.json().path("count").asInt()).isZero();
                if (open.header("X-Exectrace-Served-By") != null) {
                    openForwarded++;
                }
            }
            final List<String> listed = new ArrayList<>();
            Http.get(instance.base() + "/api/sessions").json().path("sessions")
                    .forEach(s -> listed.add(s.path("session_id").asText()));
            assertThat(listed).containsExactlyInAnyOrderElementsOf(expected.keySet());
            // Pages of 2 merge both instances' sessions indexes in the same order as the whole list.
            final List<String> paged = new ArrayList<>();
            String cursor = null;
            do {
                final JsonNode page = Http.get(instance.base() + "/api/sessions?limit=2"
                        + (cursor == null ? "" : "&cursor=" + cursor)).json();
                assertThat(page.path("count").asInt()).isLessThanOrEqualTo(2);
                page.path("sessions").forEach(s -> paged.add(s.path("session_id").asText()));
                cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            } while (cursor != null);
            assertThat(paged).isEqualTo(listed);
        }
        assertThat(forwarded).as("requests answered by forwarding to the owner").isGreaterThan(0);
        assertThat(openForwarded).as("open-chain requests answered by forwarding to the owner").isPositive();
        pagesUnderAScanBudgetListTheSameSessions();

        // The second instance's API stops answering while its Kafka Streams keeps the partitions: the first
        // instance answers those sessions from its standby copies, marked stale, with the same numbers.
        instances.get(1).api().close();
        int stale = 0;
        for (final Map.Entry<String, Expected.Session> session : expected.entrySet()) {
            final KeyQueryMetadata owner = instances.get(0).app().streams().queryMetadataForKey(
                    Registry.SESSION_SUMMARY.name(), session.getKey(), new StringSerializer());
            final Http.Answer answer = answerOnceSettled(instances.get(0).base(), session.getKey(), session.getValue());
            if (owner.activeHost().port() != instances.get(0).app().config().apiPort()) {
                assertThat(answer.header("X-Exectrace-Stale")).as(session.getKey()).isEqualTo("true");
                assertThat(openChains(instances.get(0).base(), session.getKey()).header("X-Exectrace-Stale"))
                        .isEqualTo("true");
                stale++;
            } else {
                assertThat(answer.header("X-Exectrace-Stale")).isNull();
            }
        }
        assertThat(stale).as("sessions answered from a standby").isPositive();
        aHungOwnerIsWaitedForOnlyAsLongAsThePatience();
        // A session the standby copy does not know may exist at the unreachable owner: 503, not 404.
        final String unknown = unknownSessionOwnedBy(instances.get(1));
        final Http.Answer notInStandby = Http.get(instances.get(0).base() + "/api/sessions/" + unknown);
        assertThat(notInStandby.status()).isEqualTo(503);
        assertThat(notInStandby.header("Retry-After")).isNotNull();

        // One instance goes away; the survivor takes over its partitions and answers every session again.
        final Instance gone = instances.remove(1);
        gone.close();
        final Instance survivor = instances.get(0);
        for (final Map.Entry<String, Expected.Session> session : expected.entrySet()) {
            answerOnceSettled(survivor.base(), session.getKey(), session.getValue());
        }
        final Set<String> listed = new HashSet<>();
        ApiHttpTest.eventually(() -> Http.get(survivor.base() + "/api/sessions").status() == 200, "session list");
        Http.get(survivor.base() + "/api/sessions").json().path("sessions")
                .forEach(s -> listed.add(s.path("session_id").asText()));
        assertThat(listed).isEqualTo(expected.keySet());
    }

    /**
     * The second instance's API port accepts connections and never answers, as an instance that hangs while it
     * closes or starts can: the first instance gives up on it after {@link SessionRouter#OWNER_PATIENCE} and answers
     * from its standby copy, instead of holding the client until the client gives up.
     */
    private void aHungOwnerIsWaitedForOnlyAsLongAsThePatience() {
        final Instance first = instances.get(0);
        final int ownerPort = instances.get(1).app().config().apiPort();
        final String id = expected.keySet().stream().filter(s -> first.app().streams().queryMetadataForKey(
                        Registry.SESSION_SUMMARY.name(), s, new StringSerializer()).activeHost().port() == ownerPort)
                .findFirst().orElseThrow();
        try (ServerSocket hung = new ServerSocket()) {
            hung.setReuseAddress(true);
            hung.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ownerPort), 50);
            final long asked = System.nanoTime();
            final Http.Answer answer = Http.get(first.base() + "/api/sessions/" + id);
            final Duration took = Duration.ofNanos(System.nanoTime() - asked);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.header("X-Exectrace-Stale")).isEqualTo("true");
            assertThat(took).as("time to the standby's answer").isGreaterThanOrEqualTo(SessionRouter.OWNER_PATIENCE)
                    .isLessThan(SessionRouter.OWNER_PATIENCE.plusSeconds(10));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A session id no input has, whose partition {@code owner} holds. */
    private String unknownSessionOwnedBy(final Instance owner) {
        for (int i = 0; ; i++) {
            final String id = "no-such-session-" + i;
            final KeyQueryMetadata metadata = instances.get(0).app().streams().queryMetadataForKey(
                    Registry.SESSION_SUMMARY.name(), id, new StringSerializer());
            if (metadata.activeHost().port() == owner.app().config().apiPort()) {
                return id;
            }
        }
    }

    /**
     * The session's summary from {@code base} once it matches the expectation; in between only 200 (not yet
     * complete), 404 (not yet seen) or 503 with Retry-After (moving) are acceptable answers.
     */
    private static Http.Answer answerOnceSettled(final String base, final String id, final Expected.Session session) {
        final Http.Answer[] last = new Http.Answer[1];
        ApiHttpTest.eventually(() -> {
            final Http.Answer answer = Http.get(base + "/api/sessions/" + id);
            assertThat(answer.status()).as(id + ": " + answer.body()).isIn(200, 404, 503);
            if (answer.status() == 503) {
                assertThat(answer.header("Retry-After")).isNotNull();
                assertThat(answer.json().path("error").asText()).isEqualTo("unavailable");
                return false;
            }
            if (answer.status() != 200) {
                return false;
            }
            final JsonNode s = answer.json();
            last[0] = answer;
            return s.path("events").asLong() == session.events()
                    && s.path("closed_chains").asLong() == session.chains().size()
                    && chains(s).equals(new TreeMap<>(session.chainsByOutcome()));
        }, "session " + id + " from " + base);
        return last[0];
    }

    /** The session's open chains from {@code base} once answered; 503 (partitions moving) in between. */
    private static Http.Answer openChains(final String base, final String id) {
        final Http.Answer[] last = new Http.Answer[1];
        ApiHttpTest.eventually(() -> {
            last[0] = Http.get(base + "/api/sessions/" + id + "/chains?state=open");
            assertThat(last[0].status()).as(id + ": " + last[0].body()).isIn(200, 503);
            return last[0].status() == 200;
        }, "open chains of " + id + " from " + base);
        return last[0];
    }

    private static Map<String, Long> chains(final JsonNode summary) {
        final Map<String, Long> out = new TreeMap<>();
        summary.path("chains_by_outcome").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    /**
     * A coordinator with a scan budget of 2 index entries per partition (a third API server on the first instance's
     * app; the second instance answers its local part under the budget the coordinator sends; a page of
     * {@code limit} looks at {@code limit + 1} at least): a filter that matches nothing answers short pages with a
     * cursor until the index is read, and paging with filters and page sizes gives exactly the pages of the
     * unbounded list.
     */
    private void pagesUnderAScanBudgetListTheSameSessions() {
        final ExectraceApiServer bounded = ExectraceApiServer.start(ApiSettings.from(instances.get(0).app().config(),
                Map.of()).withPort(0).withSessionScanBudget(2), instances.get(0).app(), null);
        try {
            final String base = "http://127.0.0.1:" + bounded.port();
            final String unbounded = instances.get(1).base();
            // 4 partitions, at most 2 entries each per request, on either instance: at most 8 looked at per page.
            final List<JsonNode> nothing = pages(base, "mode=no-such-mode&limit=1");
            assertThat(nothing.stream().mapToInt(page -> page.path("count").asInt()).sum()).isZero();
            assertThat(nothing.size()).as("requests for a filter that matches nothing")
                    .isGreaterThanOrEqualTo((expected.size() + 7) / 8);
            assertThat(nothing.get(0).path("next_cursor").isNull()).as("a short page goes on").isFalse();
            for (final String query : List.of("limit=3", "limit=1", "mode=paper&limit=2", "symbol=BTC-USD&limit=4",
                    "active=false&limit=2", "mode=no-such-mode&limit=5")) {
                final List<String> listedWithBudget = ids(pages(base, query));
                final List<String> listedWhole = ids(pages(unbounded, query));
                assertThat(listedWithBudget).as(query).isEqualTo(listedWhole).doesNotHaveDuplicates();
                for (final JsonNode page : pages(base, query)) {
                    assertThat(page.path("count").asInt()).as(query)
                            .isLessThanOrEqualTo(Integer.parseInt(query.replaceAll(".*limit=", "")));
                }
            }
            assertThat(ids(pages(base, "limit=3"))).containsExactlyInAnyOrderElementsOf(expected.keySet());
            // Without filters a page looks at limit + 1 entries at least: every page but the last is full.
            final List<JsonNode> unfiltered = pages(base, "limit=3");
            unfiltered.subList(0, unfiltered.size() - 1)
                    .forEach(page -> assertThat(page.path("count").asInt()).isEqualTo(3));
        } finally {
            bounded.close();
        }
    }

    /** Every page of {@code /api/sessions?query}, following next_cursor. */
    private static List<JsonNode> pages(final String base, final String query) {
        final List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            final JsonNode page = Http.get(base + "/api/sessions?" + query
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            pages.add(page);
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            assertThat(pages).as("pages of " + query).hasSizeLessThan(1_000);
        } while (cursor != null);
        return pages;
    }

    private static List<String> ids(final List<JsonNode> pages) {
        final List<String> ids = new ArrayList<>();
        pages.forEach(page -> page.path("sessions").forEach(s -> ids.add(s.path("session_id").asText())));
        return ids;
    }

    private static Instance start(final Path stateDir) throws IOException {
        final int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        final ExectraceConfig config = TestAppConfig.load(KAFKA.bootstrapServers(), "exectrace-distributed", stateDir,
                Map.of(
                        "EXECTRACE_TOPIC_PARTITIONS", "4",
                        "EXECTRACE_API_PORT", Integer.toString(port),
                        "EXECTRACE_IDLE_TIMEOUT", "2s",
                        "EXECTRACE_STANDBY_REPLICAS", "1",
                        // A closed member is noticed after the session timeout: keep the take-over short.
                        "EXECTRACE_STREAMS_SESSION_TIMEOUT_MS", "6000",
                        "EXECTRACE_STREAMS_HEARTBEAT_INTERVAL_MS", "1000"));
        final ExectraceStreamsApp app = new ExectraceStreamsApp(config);
        app.start();
        final ExectraceApiServer api = ExectraceApiServer.start(ApiSettings.from(config, Map.of()), app, null);
        return new Instance(app, api, "http://127.0.0.1:" + api.port());
    }
}
