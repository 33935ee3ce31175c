package io.exectrace.streams.retention;

import static io.exectrace.streams.testing.EmbeddedPipeline.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.sessions.SessionsIndex;
import io.exectrace.streams.sessions.SessionsIndexEntry;
import io.exectrace.streams.testing.EmbeddedPipeline;
import io.exectrace.streams.testing.Lines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session retention on a real broker: sessions whose event and arrival times both age past the retention leave
 * the stores; after a restart whose local state is wiped (everything restored from the changelogs) they are still
 * gone and the sessions inside the retention are exactly as before.
 */
class SessionRetentionEndToEndTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path stateDir;

    private static final Map<String, String> SETTINGS = Map.of("EXECTRACE_SESSION_RETENTION", "6s",
            "EXECTRACE_IDLE_TIMEOUT", "3s");

    @Test
    void expiredSessionsStayGoneAfterARestoreAndTheOthersAreIntact() throws Exception {
        final Instant now = Instant.now();
        // Old event times: these go once their arrival is 6 s old. Event times an hour ahead keep the others.
        final List<String> expiring = List.of("exp-1", "exp-2", "exp-3", "exp-4");
        final List<String> kept = List.of("kept-1", "kept-2", "kept-3");
        final Map<String, SessionSummary> before = new HashMap<>();
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(KAFKA, "retention-e2e", stateDir, SETTINGS)) {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
                for (final String session : expiring) {
                    sendChain(producer, pipeline.config().inputTopic(), session, now.minus(Duration.ofHours(2)));
                }
                for (final String session : kept) {
                    sendChain(producer, pipeline.config().inputTopic(), session, now.plus(Duration.ofHours(1)));
                }
                producer.flush();
            }
            // Every session is there before its retention is up (6 s after its arrival).
            eventually(() -> Stream.concat(expiring.stream(), kept.stream()).allMatch(
                    s -> summary(pipeline, s) != null), "every session processed");
            eventually(() -> kept.stream().allMatch(s -> summary(pipeline, s).closedChains() == 1),
                    "the kept sessions' chains closed");
            eventually(() -> expiring.stream().allMatch(s -> summary(pipeline, s) == null),
                    "retention removed the expiring sessions");
            for (final String session : kept) {
                before.put(session, summary(pipeline, session));
            }
            assertThat(indexed(pipeline)).containsExactlyInAnyOrderElementsOf(kept);
        }
        wipe(stateDir);
        try (EmbeddedPipeline restarted = EmbeddedPipeline.start(KAFKA, "retention-e2e", stateDir, SETTINGS)) {
            eventually(() -> kept.stream().allMatch(s -> summary(restarted, s) != null), "restored summaries");
            for (final String session : expiring) {
                assertThat(summary(restarted, session)).as(session).isNull();
            }
            for (final String session : kept) {
                assertThat(CorrelationStores.summarySerde().serializer().serialize("", summary(restarted, session))).as(session)
                        .isEqualTo(CorrelationStores.summarySerde().serializer().serialize("", before.get(session)));
            }
            assertThat(indexed(restarted)).containsExactlyInAnyOrderElementsOf(kept);
            final ReadOnlyKeyValueStore<Bytes, ?> timeline = restarted.app().store(Registry.TIMELINE);
            final Set<String> withEvents = new TreeSet<>();
            try (KeyValueIterator<Bytes, ?> all = timeline.all()) {
                all.forEachRemaining(kv -> withEvents.add(sessionOf(kv.key.get())));
            }
            assertThat(withEvents).containsExactlyInAnyOrderElementsOf(kept);
        }
    }

    private static void sendChain(final KafkaProducer<String, byte[]> producer, final String topic,
                                  final String session, final Instant ts) {
        for (final String line : List.of(Lines.intent(session, ts, "i-" + session),
                Lines.order(session, ts.plusMillis(5), "i-" + session, "o-" + session),
                Lines.fill(session, ts.plusMillis(20), "o-" + session))) {
            producer.send(new ProducerRecord<>(topic, session, line.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static SessionSummary summary(final EmbeddedPipeline pipeline, final String session) {
        return pipeline.summaries().get(session);
    }

    private static List<String> indexed(final EmbeddedPipeline pipeline) {
        final ReadOnlyKeyValueStore<Bytes, byte[]> index = pipeline.app().store(Registry.SESSIONS_INDEX);
        return SessionsIndex.page(index, 0, null, 1000, e -> true).stream().map(SessionsIndexEntry::sessionId)
                .toList();
    }

    /** The session of a timeline key: 2-byte length, then the id's UTF-8 bytes. */
    private static String sessionOf(final byte[] key) {
        final int length = ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
        return new String(key, 2, length, StandardCharsets.UTF_8);
    }

    private static void wipe(final Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(dir)) {
                    Files.delete(path);
                }
            }
        }
    }
}
