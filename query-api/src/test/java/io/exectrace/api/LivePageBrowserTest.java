package io.exectrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.fixtures.Expected;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import io.exectrace.producer.JsonlReplayer;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.config.ExectraceConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium loads /live/execution/{id} from a running API over the embedded broker, shows the fixture's
 * events and chains, shows an event produced afterwards without a reload (over SSE), lists an order in flight and
 * moves it to the chains table once it is filled and settled. The screenshot lands in
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
        final ExectraceConfig config = TestAppConfig.load(KAFKA.bootstrapServers(), "exectrace-browser", stateDir,
                Map.of(
                        // Every chain of the fixture ends and settles (settle.time 1 s); the live order must stay open.
                        "EXECTRACE_IDLE_TIMEOUT", "5m"));
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
                            + " && document.getElementById('live').textContent === 'live'"
                            + " && document.getElementById('open-count').textContent === '0 open'", Duration.ofSeconds(30));
                    assertThat(browser.evaluate("document.getElementById('session-id').textContent").asText())
                            .isEqualTo(SESSION);
                    assertThat(browser.evaluate("document.getElementById('grafana').href").asText())
                            .isEqualTo("http://127.0.0.1:3000/d/exectrace-pipeline?var-mode=" + expected.mode());
                    assertThat(browser.evaluate("document.getElementById('csv-telemetry').href").asText())
                            .endsWith("/api/telemetry?session_id=" + SESSION + "&format=csv");
                    assertThat(browser.evaluate("document.getElementById('csv-open').href").asText())
                            .endsWith("/api/sessions/" + SESSION + "/chains?state=open&format=csv");
                    assertThat(browser.evaluate("document.querySelectorAll('#histogram rect').length").asInt())
                            .isPositive();
                    // By symbol: a row per symbol of the summary, with its fills not yet in the FIFO PnL.
                    final JsonNode bySymbol = Http.get(base + "/api/sessions/" + SESSION).json().path("by_symbol");
                    assertThat(browser.evaluate("document.querySelectorAll('#by-symbol tbody tr').length").asInt())
                            .isEqualTo(bySymbol.size()).isPositive();
                    final StringBuilder pending = new StringBuilder();
                    final List<String> symbols = new ArrayList<>();
                    bySymbol.fieldNames().forEachRemaining(symbols::add);
                    Collections.sort(symbols);
                    for (final String symbol : symbols) {
                        pending.append(symbol).append('=').append(bySymbol.path(symbol).path("pnl_pending_fills")
                                .asLong()).append(';');
                    }
                    assertThat(browser.evaluate("Array.prototype.map.call(document.querySelectorAll('#by-symbol tbody"
                            + " tr'), function (tr) { return tr.cells[0].textContent + '=' + tr.querySelector("
                            + "'td.pending').textContent + ';'; }).join('')").asText()).isEqualTo(pending.toString());

                    // A new event, produced now, shows up without a reload.
                    send(producer, config, "15:30:00.000", "intent", "\"intent_id\": \"intent_live_<b>999</b>\", "
                            + "\"side\": \"BUY\", \"quantity\": 0.1, \"current_price\": 97000.0");
                    browser.waitFor("document.querySelectorAll('#timeline tbody tr').length === "
                            + (expected.events() + 1), Duration.ofSeconds(30));
                    // The id with markup in it is shown as text, not parsed as HTML.
                    assertThat(browser.evaluate("document.querySelector('#timeline tbody').textContent"
                            + ".includes('intent_live_<b>999</b>')").asBoolean()).isTrue();
                    assertThat(browser.evaluate("document.querySelectorAll('#timeline b').length").asInt()).isZero();

                    // The intent is in flight, its age ticking every second; then its order, which a full fill
                    // ends: a settle time later (arrival clock) the chain leaves the panel for the chains table.
                    browser.evaluate("window.notReloaded = true");
                    browser.waitFor(inFlight("intent_live_<b>999</b>", "intent"), Duration.ofSeconds(30));
                    assertThat(browser.evaluate("document.querySelectorAll('#in-flight b').length").asInt()).isZero();
                    final String age = "document.querySelector('#in-flight td.age').textContent";
                    final String firstAge = browser.evaluate(age).asText();
                    browser.waitFor(age + " !== '" + firstAge + "'", Duration.ofSeconds(3));
                    send(producer, config, "15:30:00.100", "order", "\"order_id\": \"order_live_1\", "
                            + "\"intent_id\": \"intent_live_<b>999</b>\", \"side\": \"BUY\", \"quantity\": 0.1, "
                            + "\"order_type\": \"MARKET\"");
                    browser.waitFor(inFlight("order_live_1", "submitted"), Duration.ofSeconds(30));
                    final long filling = System.nanoTime();
                    send(producer, config, "15:30:00.300", "fill", "\"order_id\": \"order_live_1\", "
                            + "\"filled_quantity\": 0.1, \"fill_price\": 97010.0");
                    browser.waitFor("!document.querySelector('#in-flight tbody').textContent.includes('order_live_1')"
                            + " && document.querySelector('#chains tbody').textContent.includes('order_live_1')"
                            + " && document.querySelectorAll('#chains tbody tr').length === "
                            + (expected.chains().size() + 1), Duration.ofSeconds(30));
                    // Not before the settle time: the fill arrived after `filling`.
                    assertThat((System.nanoTime() - filling) / 1_000_000).isGreaterThanOrEqualTo(950);
                    assertThat(browser.evaluate("window.notReloaded === true").asBoolean()).isTrue();
                    assertThat(browser.evaluate("document.getElementById('open-count').textContent").asText())
                            .isEqualTo("0 open");

                    // One more order in flight, for the picture.
                    send(producer, config, "15:30:01.000", "intent", "\"intent_id\": \"intent_live_2\", "
                            + "\"side\": \"SELL\", \"quantity\": 0.2, \"current_price\": 97020.0");
                    send(producer, config, "15:30:01.050", "order", "\"order_id\": \"order_live_2\", "
                            + "\"intent_id\": \"intent_live_2\", \"side\": \"SELL\", \"quantity\": 0.2, "
                            + "\"order_type\": \"LIMIT\"");
                    browser.waitFor(inFlight("order_live_2", "submitted"), Duration.ofSeconds(30));
                    Thread.sleep(1500); // let the debounced summary refresh settle before the picture
                    browser.screenshot(Path.of("target", "live-execution.png"));
                }
            }
        }
        assertThat(Path.of("target", "live-execution.png")).isNotEmptyFile();
    }

    /** True in the page once the in-flight panel has a row with {@code text} at {@code stage}. */
    private static String inFlight(final String text, final String stage) {
        return "Array.prototype.some.call(document.querySelectorAll('#in-flight tbody tr'), function (tr) {"
                + " return tr.textContent.includes('" + text + "')"
                + " && tr.querySelector('.stage').textContent === '" + stage + "'; })";
    }

    /** Produces one event of the session at 2025-12-20T{@code time}Z (dialect A, BTC-USD, mode paper). */
    private static void send(final KafkaProducer<String, byte[]> producer, final ExectraceConfig config,
                             final String time, final String kind, final String payload) throws Exception {
        final String line = "{\"ts\": \"2025-12-20T" + time + "Z\", \"session_id\": \"" + SESSION
                + "\", \"symbol\": \"BTC-USD\", \"mode\": \"paper\", \"kind\": \"" + kind + "\","
                + " \"payload\": {" + payload + "}}";
        producer.send(new ProducerRecord<>(config.inputTopic(), SESSION, line.getBytes(StandardCharsets.UTF_8))).get();
    }
}
