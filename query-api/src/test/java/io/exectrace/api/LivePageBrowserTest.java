package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.producer.JsonlReplayer;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.streams.ExectraceStreamsApp;
import io.exectrace.streams.config.ExectraceConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium loads /live/execution/{id} from a running API over the embedded broker, shows the fixture's
 * events and chains, and shows an event produced afterwards without a reload (over SSE). The screenshot lands in
 * {@code target/live-execution.png} (copied to docs/img by hand when the page changes).
 */
class LivePageBrowserTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
    private static final String SESSION = "emitter_style";

    @TempDir
    static Path stateDir;

    @Test
    void pageShowsTheSessionAndANewEventArrivesLive() throws Exception {
        assumeTrue(Files.isExecutable(CdpBrowser.CHROMIUM),
                "headless Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)");
        final ExectraceConfig config = ExectraceConfig.load(null, Map.of(
                "EXECTRACE_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "EXECTRACE_APPLICATION_ID", "exectrace-browser",
                "EXECTRACE_STATE_DIR", stateDir.toString(),
                "EXECTRACE_API_PORT", "0",
                "EXECTRACE_IDLE_TIMEOUT", "2s",
                "EXECTRACE_PROVISION_TIMEOUT", "20s"));
        final GoldenFixture fixture = GoldenFixtures.named(SESSION + ".jsonl");
        final Expected.Session expected = fixture.expected().sessions().get(0);
        try (ExectraceStreamsApp app = new ExectraceStreamsApp(config)) {
            app.start();
            assertThat(app.awaitRunning(ApiHttpTest.PATIENCE)).isTrue();
            try (ExectraceApiServer api = ExectraceApiServer.start(ApiSettings.from(config, Map.of()), app, null);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                         ProducerSettings.build(KAFKA.bootstrapServers(), null, Map.of()))) {
                new JsonlReplayer(producer, config.inputTopic(), 0).replay(List.of(fixture.file()),
                        ReplayProgress.NONE);
                final String base = "http://127.0.0.1:" + api.port();
                ApiHttpTest.eventually(() -> {
                    final Http.Answer s = Http.get(base + "/api/sessions/" + SESSION);
                    return s.status() == 200 && s.json().path("closed_chains").asLong() == expected.chains().size();
                }, "chains of " + SESSION);

                try (CdpBrowser browser = CdpBrowser.launch()) {
                    browser.open(base + "/live/execution/" + SESSION, 1400, 1000);
                    browser.waitFor("document.querySelectorAll('#timeline tbody tr').length === " + expected.events()
                            + " && document.querySelectorAll('#chains tbody tr').length === " + expected.chains().size()
                            + " && document.getElementById('live').textContent === 'live'", Duration.ofSeconds(30));
                    assertThat(browser.evaluate("document.getElementById('session-id').textContent").asText())
                            .isEqualTo(SESSION);
                    assertThat(browser.evaluate("document.getElementById('grafana').href").asText())
                            .isEqualTo("http://127.0.0.1:3000/d/exectrace-pipeline?var-mode=" + expected.mode());
                    assertThat(browser.evaluate("document.getElementById('csv-telemetry').href").asText())
                            .endsWith("/api/telemetry?session_id=" + SESSION + "&format=csv");
                    assertThat(browser.evaluate("document.querySelectorAll('#histogram rect').length").asInt())
                            .isPositive();

                    // A new event, produced now, shows up without a reload.
                    final String line = "{\"ts\": \"2025-12-20T15:30:00.000Z\", \"session_id\": \"" + SESSION
                            + "\", \"symbol\": \"BTC-USD\", \"mode\": \"" + expected.mode() + "\", \"kind\": \"intent\","
                            + " \"payload\": {\"intent_id\": \"intent_live_<b>999</b>\", \"side\": \"BUY\","
                            + " \"quantity\": 0.1, \"current_price\": 97000.0}}";
                    producer.send(new ProducerRecord<>(config.inputTopic(), SESSION,
                            line.getBytes(StandardCharsets.UTF_8))).get();
                    browser.waitFor("document.querySelectorAll('#timeline tbody tr').length === "
                            + (expected.events() + 1), Duration.ofSeconds(30));
                    // The id with markup in it is shown as text, not parsed as HTML.
                    assertThat(browser.evaluate("document.querySelector('#timeline tbody').textContent"
                            + ".includes('intent_live_<b>999</b>')").asBoolean()).isTrue();
                    assertThat(browser.evaluate("document.querySelectorAll('#timeline b').length").asInt()).isZero();
                    Thread.sleep(1500); // let the debounced summary refresh settle before the picture
                    browser.screenshot(Path.of("target", "live-execution.png"));
                }
            }
        }
        assertThat(Path.of("target", "live-execution.png")).isNotEmptyFile();
    }
}
