package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.events.ChainOutcome;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticFeeder;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.streams.config.ExectraceConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observability stack for real: the embedded broker, an exectrace node and a synthetic load, scraped by a real
 * Prometheus (child process) configured with {@code deploy/prometheus/prometheus.yml} and the alert rules of
 * {@code deploy/prometheus/alerts.yml}. Every PromQL expression of the Grafana dashboard must return data, promtool
 * must accept the files, an order that never fills must fire the P2 stuck-order alert (and the pipeline's own
 * {@code stuck_order} alert in the API), a live fill the venue reports with another fee must fire the P1
 * reconciliation alert R-5 (and the pipeline's own {@code reconciliation_mismatch} alert in the API), and an
 * error-rate breach driven by the generator must fire the P1 alert.
 */
class PrometheusStackTest {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusStackTest.class);
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path DASHBOARD = DEPLOY.resolve("grafana/dashboards/execution-pipeline.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Grafana's template variables as the dashboard's "All" selection and a short range resolve them. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "$__rate_interval", "20s", "$__interval", "5s", "$__range", "5m", "$mode", ".*", "$exchange", ".*");
    /** The session of the order that never fills. */
    private static final String STUCK_RUN = "stuck-run";
    /** An exchange the synthetic load never uses, so the stuck series and alert are this order's alone. */
    private static final String STUCK_EXCHANGE = "bitstamp";
    /** The live session whose fills are reconciled. */
    private static final String RECONCILED_RUN = "recon-run";
    /** The one venue reconciled: one the synthetic load never uses, so its reconciliation is this test's alone. */
    private static final String RECONCILED_VENUE = "bitfinex";

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void dashboardQueriesReturnDataAndAnErrorRateBreachFiresTheP1Alert() throws Exception {
        assumeThat(Files.isExecutable(PROMETHEUS))
                .as("SKIPPED: %s is not installed (CI installs Debian's prometheus package; apt-get install "
                        + "prometheus to run this test)", PROMETHEUS).isTrue();
        assertThat(run(PROMTOOL.toString(), "check", "config", DEPLOY.resolve("prometheus/prometheus.yml").toString()))
                .isZero();
        assertThat(run(PROMTOOL.toString(), "check", "rules", DEPLOY.resolve("prometheus/alerts.yml").toString()))
                .isZero();

        final int apiPort = freePort();
        final ExectraceConfig config = ExectraceConfig.load(null, Map.of(
                "EXECTRACE_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers(),
                "EXECTRACE_APPLICATION_ID", "prometheus-stack",
                "EXECTRACE_INPUT_TOPIC", "prom-events", "EXECTRACE_DLQ_TOPIC", "prom-dlq",
                "EXECTRACE_CHAINS_TOPIC", "prom-chains", "EXECTRACE_ALERTS_TOPIC", "prom-alerts",
                "EXECTRACE_STATE_DIR", dir.resolve("state").toString(),
                "EXECTRACE_API_PORT", Integer.toString(apiPort),
                "EXECTRACE_RECONCILIATION_VENUES", RECONCILED_VENUE,
                // Short, so that the order that never fills is stuck within seconds (the default is 30 s).
                "EXECTRACE_STUCK_ORDER_AFTER", "2s"));
        final ExecutorService load = Executors.newFixedThreadPool(2);
        Process prometheus = null;
        try (ExectraceNode node = ExectraceNode.start(config, Duration.ofSeconds(60));
             KafkaProducer<String, byte[]> producer = producer()) {
            final long now = Instant.now().toEpochMilli() * 1_000L;
            final SyntheticFeeder normal = new SyntheticFeeder(producer, config.inputTopic());
            final Future<?> normalLoad = load.submit(() -> normal.feed(new SyntheticSessions(
                    SynthSettings.defaults(11, now).withSessions(8).withEventsPerSecond(200)), now, true,
                    ReplayProgress.NONE));
            sendFeedGap(producer, config.inputTopic());
            // Sent before Prometheus starts: it is stuck by the time the dashboard is checked, and stays stuck (its
            // session sends nothing more) until the idle timeout, 5 minutes, longer than this test.
            sendStuckOrder(producer, config.inputTopic());
            // A live fill the venue reports alike: decided matched at once, so the reconciliation series (lag, and
            // every result of (live, venue) at 0 but matched) exist before Prometheus first scrapes.
            sendReconciledOrder(producer, config, 1, 1.2, 1.2);

            final int promPort = freePort();
            prometheus = startPrometheus(apiPort, promPort);
            final String prom = "http://127.0.0.1:" + promPort;
            final Process started = prometheus;
            awaitTrue(Duration.ofSeconds(30), () -> {
                assertThat(started.isAlive()).as("Prometheus exited: %s",
                        Files.readString(dir.resolve("prometheus.log"))).isTrue();
                return status(prom + "/-/ready") == 200;
            }, "Prometheus is ready");
            awaitTrue(Duration.ofSeconds(30), () -> !query(prom, "up{job=\"exectrace\"} == 1").isEmpty(),
                    "Prometheus scrapes exectrace");

            final List<String> expressions = dashboardExpressions();
            assertThat(expressions).hasSizeGreaterThanOrEqualTo(12);
            final List<String> empty = new ArrayList<>(expressions);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            while (!empty.isEmpty() && System.nanoTime() < deadline) {
                empty.removeIf(expr -> !query(prom, expr).isEmpty());
                if (!empty.isEmpty()) {
                    Thread.sleep(1_000);
                }
            }
            assertThat(empty).as("dashboard expressions without data; kafka metrics scraped: %s",
                    metricNames(prom, "kafka_stream")).isEmpty();
            assertStuckOrderAlerts(prom, "http://127.0.0.1:" + apiPort);
            assertReconciliationMismatchAlerts(prom, "http://127.0.0.1:" + apiPort, producer, config);
            assertThat(alertStates(prom, "ExectraceErrorRateHigh")).as("before the breach").isEmpty();

            // The breach: chains that all end in an error, at twice the normal rate.
            final long breachStart = Instant.now().toEpochMilli() * 1_000L;
            final SyntheticFeeder breach = new SyntheticFeeder(producer, config.inputTopic());
            final Future<?> breachLoad = load.submit(() -> breach.feed(new SyntheticSessions(
                    SynthSettings.defaults(12, breachStart).withSessions(8).withEventsPerSecond(400)
                            .withMix(Map.of(ChainOutcome.FILLED, 0.0, ChainOutcome.PARTIALLY_FILLED, 0.0,
                                    ChainOutcome.CANCELLED, 0.0, ChainOutcome.RISK_BLOCKED, 0.0,
                                    ChainOutcome.MISSING_ORDER, 0.0, ChainOutcome.MISSING_FILL, 0.0,
                                    ChainOutcome.ERROR, 1.0))), breachStart, true, ReplayProgress.NONE));
            awaitTrue(Duration.ofSeconds(60), () -> alertStates(prom, "ExectraceErrorRateHigh").contains("firing"),
                    "ExectraceErrorRateHigh fires");
            final JsonNode alert = alerts(prom, "ExectraceErrorRateHigh").stream()
                    .filter(a -> a.path("state").asText().equals("firing")).findFirst().orElseThrow();
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("P1");
            assertThat(alert.path("annotations").path("runbook_url").asText())
                    .isEqualTo("docs/operations.md#p1-error-rate");
            LOG.info("ExectraceErrorRateHigh {} for mode {} at error rate {}", alert.path("state").asText(),
                    alert.path("labels").path("mode").asText(), alert.path("value").asText());
            breach.stop();
            normal.stop();
            breachLoad.get(30, TimeUnit.SECONDS);
            normalLoad.get(30, TimeUnit.SECONDS);
        } finally {
            load.shutdownNow();
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Two events of one session two hours apart in event time: a feed gap (threshold 1 h). */
    private static void sendFeedGap(final KafkaProducer<String, byte[]> producer, final String topic) {
        final Instant start = Instant.now().minus(Duration.ofHours(2));
        for (final Instant ts : List.of(start, start.plus(Duration.ofHours(2)))) {
            final String line = "{\"ts\":\"" + ts + "\",\"mode\":\"shadow\",\"run_id\":\"gap-run\",\"stage\":\"signal\","
                    + "\"symbol\":\"BTC-EUR\",\"exchange\":\"kraken\"}";
            producer.send(new ProducerRecord<>(topic, "gap-run", line.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    /** An intent and its order, dialect B as in {@code fixtures/ledger_v1.jsonl}; nothing ever closes the order. */
    private static void sendStuckOrder(final KafkaProducer<String, byte[]> producer, final String topic) {
        final Instant intent = Instant.now();
        final List<String> lines = List.of(
                ledgerLine(intent, "intent", null, "created"),
                ledgerLine(intent.plusMillis(50), "submit", "stuck-c-1", "submitted"));
        for (final String line : lines) {
            producer.send(new ProducerRecord<>(topic, STUCK_RUN, line.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    /** One line of {@link #STUCK_RUN}; {@code clientOrderId} null for the intent, which has no order yet. */
    private static String ledgerLine(final Instant ts, final String stage, final String clientOrderId,
                                     final String status) {
        return "{\"ts\":\"" + ts + "\",\"mode\":\"shadow\",\"run_id\":\"" + STUCK_RUN + "\",\"stage\":\"" + stage
                + "\",\"strategy_id\":\"trend_follow_v1\",\"symbol\":\"BTC-EUR\",\"exchange\":\"" + STUCK_EXCHANGE
                + "\",\"intent_id\":\"stuck-i-1\",\"client_order_id\":"
                + (clientOrderId == null ? "null" : "\"" + clientOrderId + "\"")
                + ",\"broker_order_id\":null,\"status\":\"" + status + "\",\"qty\":0.5,\"price\":92050.0}";
    }

    /**
     * The order of {@link #sendStuckOrder}: counted once in the stuck bucket of its (mode, exchange), firing
     * {@code ExectraceStuckOrders} (P2) for that pair, and reported once by the pipeline as a {@code stuck_order}
     * alert of its session.
     */
    private void assertStuckOrderAlerts(final String prom, final String api) throws Exception {
        final String stuck = "peak_trade_open_orders{age_bucket=\"stuck\",mode=\"shadow\",exchange=\"" + STUCK_EXCHANGE
                + "\"} == 1";
        awaitTrue(Duration.ofSeconds(30), () -> !query(prom, stuck).isEmpty(), "the unfilled order counts as stuck");
        awaitTrue(Duration.ofSeconds(30), () -> stuckOrdersFiring(prom) != null,
                "ExectraceStuckOrders fires for exchange " + STUCK_EXCHANGE);
        final JsonNode alert = stuckOrdersFiring(prom);
        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("P2");
        assertThat(alert.path("labels").path("mode").asText()).isEqualTo("shadow");
        assertThat(alert.path("annotations").path("runbook_url").asText())
                .isEqualTo("docs/operations.md#p2-stuck-orders");
        assertThat(alert.path("value").asDouble()).isEqualTo(1.0);
        LOG.info("ExectraceStuckOrders {} for {} / {}: {}", alert.path("state").asText(),
                alert.path("labels").path("mode").asText(), STUCK_EXCHANGE,
                alert.path("annotations").path("description").asText());

        final String url = api + "/api/alerts?session_id=" + STUCK_RUN;
        awaitTrue(Duration.ofSeconds(10), () -> !stuckOrderAlerts(get(url)).isEmpty(),
                "the API lists the stuck_order alert");
        final List<JsonNode> reported = stuckOrderAlerts(get(url));
        assertThat(reported).as("reported once").hasSize(1);
        assertThat(reported.get(0).path("severity").asText()).isEqualTo("P2");
        assertThat(reported.get(0).path("mode").asText()).isEqualTo("shadow");
        assertThat(reported.get(0).path("threshold").asDouble()).isEqualTo(2.0);
        assertThat(reported.get(0).path("detail").asText()).contains("order stuck-c-1");
    }

    /**
     * Order {@code n} of {@link #RECONCILED_RUN} (live, on {@link #RECONCILED_VENUE}): our ack and fill (fee
     * {@code ourFee}) to the input, the venue's fill of it (same quantity, price and time, fee {@code venueFee}) to
     * the venue fills topic.
     */
    private static void sendReconciledOrder(final KafkaProducer<String, byte[]> producer, final ExectraceConfig config,
                                            final int n, final double ourFee, final double venueFee) {
        final Instant ts = Instant.now();
        final String order = "RECON-O-" + n;
        for (final String line : List.of(
                reconciledLine(ts, "intent", n, null, "created", 0.0),
                reconciledLine(ts.plusMillis(10), "submit", n, null, "submitted", 0.0),
                reconciledLine(ts.plusMillis(20), "ack", n, order, "acked", 0.0),
                reconciledLine(ts.plusMillis(30), "fill", n, order, "filled", ourFee))) {
            producer.send(new ProducerRecord<>(config.inputTopic(), RECONCILED_RUN,
                    line.getBytes(StandardCharsets.UTF_8)));
        }
        final String venueFill = "{\"ts\":\"" + ts.plusMillis(30) + "\",\"venue\":\"" + RECONCILED_VENUE
                + "\",\"venue_order_id\":\"" + order + "\",\"client_order_id\":\"recon-c-" + n
                + "\",\"trade_id\":\"RECON-T-" + n + "\",\"symbol\":\"BTC-EUR\",\"side\":\"buy\",\"qty\":0.5,"
                + "\"price\":92050.0,\"fee\":" + venueFee + ",\"fee_currency\":\"EUR\"}";
        producer.send(new ProducerRecord<>(config.venueFillsTopic(), order, venueFill.getBytes(StandardCharsets.UTF_8)));
        producer.flush();
    }

    /** One line of {@link #RECONCILED_RUN}'s order {@code n}, dialect B as in {@code fixtures/ledger_v1.jsonl}. */
    private static String reconciledLine(final Instant ts, final String stage, final int n, final String brokerOrderId,
                                         final String status, final double fee) {
        return "{\"ts\":\"" + ts + "\",\"mode\":\"live\",\"run_id\":\"" + RECONCILED_RUN + "\",\"stage\":\"" + stage
                + "\",\"strategy_id\":\"trend_follow_v1\",\"symbol\":\"BTC-EUR\",\"exchange\":\"" + RECONCILED_VENUE
                + "\",\"intent_id\":\"recon-i-" + n + "\",\"client_order_id\":"
                + (stage.equals("intent") ? "null" : "\"recon-c-" + n + "\"")
                + ",\"broker_order_id\":" + (brokerOrderId == null ? "null" : "\"" + brokerOrderId + "\"")
                + ",\"status\":\"" + status + "\",\"qty\":0.5,\"price\":92050.0,\"fee\":" + fee + "}";
    }

    /**
     * the matched fill of {@link #sendReconciledOrder} fires nothing; a second order whose fee the venue reports
     * otherwise fires {@code ExectraceReconciliationMismatch} (P1) for (live, venue), and the pipeline reports it
     * once as a {@code reconciliation_mismatch} alert of the session.
     */
    private void assertReconciliationMismatchAlerts(final String prom, final String api,
                                                    final KafkaProducer<String, byte[]> producer,
                                                    final ExectraceConfig config) throws Exception {
        final String matched = "peak_trade_reconciliation_total{mode=\"live\",exchange=\"" + RECONCILED_VENUE
                + "\",result=\"matched\"} == 1";
        awaitTrue(Duration.ofSeconds(30), () -> !query(prom, matched).isEmpty(), "the matched fill is counted");
        assertThat(alertStates(prom, "ExectraceReconciliationMismatch")).as("after a matched fill").isEmpty();
        final String url = api + "/api/alerts?session_id=" + RECONCILED_RUN;
        assertThat(reconciliationMismatchAlerts(get(url))).as("after a matched fill").isEmpty();

        sendReconciledOrder(producer, config, 2, 1.2, 1.5);
        awaitTrue(Duration.ofSeconds(60), () -> reconciliationMismatchFiring(prom) != null,
                "ExectraceReconciliationMismatch fires for exchange " + RECONCILED_VENUE);
        final JsonNode alert = reconciliationMismatchFiring(prom);
        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("P1");
        assertThat(alert.path("labels").path("mode").asText()).isEqualTo("live");
        assertThat(alert.path("annotations").path("runbook_url").asText())
                .isEqualTo("docs/operations.md#p1-venue-mismatch--reconciliation-failure");
        LOG.info("ExectraceReconciliationMismatch {} for live / {}: {}", alert.path("state").asText(),
                RECONCILED_VENUE, alert.path("annotations").path("description").asText());

        awaitTrue(Duration.ofSeconds(10), () -> !reconciliationMismatchAlerts(get(url)).isEmpty(),
                "the API lists the reconciliation_mismatch alert");
        final List<JsonNode> reported = reconciliationMismatchAlerts(get(url));
        assertThat(reported).as("reported once").hasSize(1);
        assertThat(reported.get(0).path("severity").asText()).isEqualTo("P1");
        assertThat(reported.get(0).path("mode").asText()).isEqualTo("live");
        assertThat(reported.get(0).path("detail").asText())
                .startsWith("fee_mismatch on order RECON-O-2 (client order recon-c-2) at " + RECONCILED_VENUE
                        + ", venue trade RECON-T-2: ours qty 0.5 price 92050 fee 1.2, venue's qty 0.5 price 92050 fee 1.5");
    }

    /** The firing ExectraceReconciliationMismatch alert of {@link #RECONCILED_VENUE}, or null. */
    private JsonNode reconciliationMismatchFiring(final String prom) {
        return alerts(prom, "ExectraceReconciliationMismatch").stream()
                .filter(a -> a.path("state").asText().equals("firing"))
                .filter(a -> a.path("labels").path("exchange").asText().equals(RECONCILED_VENUE))
                .findFirst().orElse(null);
    }

    private static List<JsonNode> reconciliationMismatchAlerts(final JsonNode answer) {
        final List<JsonNode> found = new ArrayList<>();
        for (final JsonNode alert : answer.path("alerts")) {
            if (alert.path("type").asText().equals("reconciliation_mismatch")) {
                found.add(alert);
            }
        }
        return found;
    }

    /** The firing ExectraceStuckOrders alert of {@link #STUCK_EXCHANGE}, or null. */
    private JsonNode stuckOrdersFiring(final String prom) {
        return alerts(prom, "ExectraceStuckOrders").stream()
                .filter(a -> a.path("state").asText().equals("firing"))
                .filter(a -> a.path("labels").path("exchange").asText().equals(STUCK_EXCHANGE))
                .findFirst().orElse(null);
    }

    private static List<JsonNode> stuckOrderAlerts(final JsonNode answer) {
        final List<JsonNode> found = new ArrayList<>();
        for (final JsonNode alert : answer.path("alerts")) {
            if (alert.path("type").asText().equals("stuck_order")) {
                found.add(alert);
            }
        }
        return found;
    }

    private Process startPrometheus(final int apiPort, final int promPort) throws IOException, InterruptedException {
        final Path conf = dir.resolve("prometheus");
        Files.createDirectories(conf);
        final String config = replaceOnce(replaceOnce(replaceOnce(
                Files.readString(DEPLOY.resolve("prometheus/prometheus.yml")),
                "targets: [\"exectrace:8080\"]", "targets: [\"127.0.0.1:" + apiPort + "\"]"),
                "scrape_interval: 5s", "scrape_interval: 1s"),
                "evaluation_interval: 5s", "evaluation_interval: 1s");
        Files.writeString(conf.resolve("prometheus.yml"), config);
        // The alerts as deployed, but with every `for:` shortened so that a breach fires within the test.
        final String rules = Files.readString(DEPLOY.resolve("prometheus/alerts.yml"));
        final String shortened = rules.replaceAll("(?m)^(\\s+for:) \\d+[smh]$", "$1 5s");
        assertThat(shortened).isNotEqualTo(rules);
        Files.writeString(conf.resolve("alerts.yml"), shortened);
        assertThat(run(PROMTOOL.toString(), "check", "config", conf.resolve("prometheus.yml").toString())).isZero();
        return new ProcessBuilder(PROMETHEUS.toString(),
                "--config.file=" + conf.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
    }

    private static String replaceOnce(final String text, final String target, final String replacement) {
        assertThat(text).as("deploy/prometheus/prometheus.yml has " + target).contains(target);
        return text.replace(target, replacement);
    }

    /** Every target expression of every panel of the dashboard, Grafana's variables substituted. */
    private static List<String> dashboardExpressions() throws IOException {
        final List<String> expressions = new ArrayList<>();
        for (final JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
            for (final JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                for (final Map.Entry<String, String> variable : GRAFANA_VARIABLES.entrySet()) {
                    expr = expr.replace(variable.getKey(), variable.getValue());
                }
                assertThat(expr).as(panel.path("title").asText()).doesNotContain("$");
                expressions.add(expr);
            }
        }
        return expressions;
    }

    private JsonNode query(final String prom, final String expr) {
        final JsonNode answer = get(prom + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        assertThat(answer.path("status").asText()).as(expr + ": " + answer).isEqualTo("success");
        return answer.path("data").path("result");
    }

    private List<String> metricNames(final String prom, final String containing) {
        final List<String> names = new ArrayList<>();
        for (final JsonNode name : get(prom + "/api/v1/label/__name__/values").path("data")) {
            if (name.asText().contains(containing)) {
                names.add(name.asText());
            }
        }
        return names;
    }

    private List<JsonNode> alerts(final String prom, final String name) {
        final List<JsonNode> found = new ArrayList<>();
        for (final JsonNode alert : get(prom + "/api/v1/alerts").path("data").path("alerts")) {
            if (name.equals(alert.path("labels").path("alertname").asText())) {
                found.add(alert);
            }
        }
        return found;
    }

    private List<String> alertStates(final String prom, final String name) {
        return alerts(prom, name).stream().map(a -> a.path("state").asText()).toList();
    }

    /** The HTTP status of a GET, 0 when nothing answers. */
    private int status(final String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (final IOException e) {
            return 0;
        }
    }

    private JsonNode get(final String url) {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (final IOException e) {
            return JSON.createObjectNode();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(final Duration timeout, final Condition condition, final String what)
            throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private int run(final String... command) throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("promtool-" + System.nanoTime() + ".log").toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
