package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.config.ExectraceConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance that starts behind its input (a restart, a move, a crash that rolled its stores back) must not call a
 * session unknown that the input already holds: until its task has worked off what had arrived when it started, a
 * session missing from its stores is a 503 with Retry-After, never a 404. Once caught up, an unknown session is a
 * 404 again.
 */
class CatchUpApiTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final String TOPIC = "execution-events";
    /** Events ahead of the asked session on its partition: seconds of work after start. */
    private static final int BACKLOG_EVENTS = 40_000;

    @TempDir
    Path state;

    @Test
    void aSessionBehindTheBacklogIsA503UntilProcessedNeverA404() throws Exception {
        final GoldenFixture fixture = GoldenFixtures.named("golden_session_latency.jsonl");
        final Expected.Session expected = fixture.expected().sessions().get(0);
        final String asked = expected.sessionId();
        final ExectraceConfig config = TestAppConfig.load(KAFKA.bootstrapServers(), "exectrace-catch-up", state,
                Map.of("EXECTRACE_TOPIC_PARTITIONS", "1"));
        ExectraceStreamsApp.provisionTopics(config);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
            final SyntheticSessions backlog = new SyntheticSessions(SynthSettings.defaults(3L, 1_700_000_000_000_000L)
                    .withSessions(50).withMaxLines(BACKLOG_EVENTS));
            while (backlog.hasNext()) {
                final SyntheticRecord r = backlog.next();
                producer.send(new ProducerRecord<>(TOPIC, r.key(), r.value()));
            }
            for (final byte[] line : fixture.lines()) {
                producer.send(new ProducerRecord<>(TOPIC, asked, line));
            }
            producer.flush();
        }

        final ExectraceStreamsApp app = new ExectraceStreamsApp(config);
        app.start();
        try (ExectraceApiServer api = ExectraceApiServer.start(ApiSettings.from(config, Map.of()), app, null)) {
            final String base = "http://127.0.0.1:" + api.port();
            final List<String> catchingUp = new ArrayList<>();
            ApiHttpTest.eventually(() -> {
                final Http.Answer answer = Http.get(base + "/api/sessions/" + asked);
                assertThat(answer.status()).as("while the backlog is worked off: " + answer.body())
                        .isIn(200, 503);
                if (answer.status() == 503) {
                    assertThat(answer.header("Retry-After")).isNotNull();
                    if (answer.body().contains("working off the input")) {
                        catchingUp.add(answer.body());
                    }
                    return false;
                }
                return answer.json().path("events").asLong() == expected.events();
            }, "session " + asked + " after the backlog");
            assertThat(catchingUp).as("answers while the task was catching up").isNotEmpty();

            ApiHttpTest.eventually(() -> Http.get(base + "/api/sessions/no-such-session").status() == 404,
                    "404 for an unknown session once caught up");
        } finally {
            app.close(Duration.ofSeconds(30));
        }
    }
}
