package io.exectrace.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.app.ExectraceStreamsApp;
import io.exectrace.streams.app.ExectraceTopology;
import io.exectrace.streams.config.ExectraceConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract's metrics through the real topology (TopologyTestDriver) into a real Prometheus registry: values
 * counted where events are processed, and the number of series bounded however many sessions, order ids and
 * reasons flow through.
 */
class PipelineMetricsTopologyTest {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$");
    private static final Logger LOG = LoggerFactory.getLogger(PipelineMetricsTopologyTest.class);
    private static final Instant T0 = Instant.parse("2025-12-20T10:00:00Z");

    private Path stateDir;
    private PrometheusMeterRegistry registry;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;

    @BeforeEach
    void start() throws Exception {
        stateDir = Files.createTempDirectory("exectrace-metrics");
        final ExectraceConfig config = ExectraceConfig.load(null, Map.of(
                "EXECTRACE_APPLICATION_ID", "metrics-test", "EXECTRACE_STATE_DIR", stateDir.toString(),
                // The driver commits after every record; exactly-once adds nothing to what is asserted here.
                "EXECTRACE_PROCESSING_GUARANTEE", "at_least_once"));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final PipelineMetrics metrics = PipelineMetrics.create(registry, config);
        final Properties props = ExectraceStreamsApp.streamsProperties(config);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "ttd:9092");
        driver = new TopologyTestDriver(ExectraceTopology.build(config, 1, metrics), props, Instant.now());
        input = driver.createInputTopic(config.inputTopic(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
    }

    @AfterEach
    void stop() {
        driver.close();
        registry.close();
    }

    @Test
    void countsEventsChainsLatencyAndParseErrorsWhereTheyAreProcessed() {
        send("s1", line("s1", "PAPER", "intent", "kraken", "i-1", null, "", 0));
        send("s1", line("s1", "PAPER", "submit", "kraken", "i-1", "c-1", "", 150));
        send("s1", line("s1", "PAPER", "submit", "kraken", "i-1", "c-1", "", 150)); // redelivered: counts once
        send("s1", line("s1", "PAPER", "fill", "kraken", "i-1", "c-1", "", 1_150));
        send("s1", line("s1", "PAPER", "intent", "kraken", "i-2", null, "", 2_000));
        send("s1", line("s1", "PAPER", "risk_block", "kraken", "i-2", null, "Max Position!", 2_010));
        send("s1", "{not json");
        driver.advanceWallClockTime(Duration.ofMinutes(6));

        final Map<String, Double> samples = samples(registry.scrape());
        assertThat(samples).containsEntry(
                "peak_trade_pipeline_events_total{exchange=\"kraken\",mode=\"paper\",stage=\"submit\"}", 1.0);
        assertThat(samples).containsEntry(
                "peak_trade_pipeline_events_total{exchange=\"kraken\",mode=\"paper\",stage=\"intent\"}", 2.0);
        assertThat(samples).containsEntry("peak_trade_risk_blocks_total{mode=\"paper\",reason=\"max_position\"}", 1.0);
        assertThat(samples).containsEntry("peak_trade_parse_errors_total{reason=\"invalid_json\"}", 1.0);
        assertThat(samples).containsEntry("peak_trade_chains_total{mode=\"paper\",outcome=\"filled\"}", 1.0);
        assertThat(samples).containsEntry("peak_trade_chains_total{mode=\"paper\",outcome=\"risk_blocked\"}", 1.0);
        // intent_to_order = 150 ms: above the 100 ms bucket, inside the 200 ms one; intent_to_fill = 1.15 s.
        final String edge = "edge=\"intent_to_order\",exchange=\"kraken\",mode=\"paper\"";
        assertThat(samples).containsEntry("peak_trade_pipeline_latency_seconds_bucket{" + edge + ",le=\"0.1\"}", 0.0);
        assertThat(samples).containsEntry("peak_trade_pipeline_latency_seconds_bucket{" + edge + ",le=\"0.2\"}", 1.0);
        assertThat(samples).containsEntry("peak_trade_pipeline_latency_seconds_sum{" + edge + "}", 0.15);
        assertThat(samples).containsEntry("peak_trade_pipeline_latency_seconds_bucket{edge=\"intent_to_fill\","
                + "exchange=\"kraken\",mode=\"paper\",le=\"1.0\"}", 0.0);
        assertThat(samples).containsEntry("peak_trade_pipeline_latency_seconds_bucket{edge=\"intent_to_fill\","
                + "exchange=\"kraken\",mode=\"paper\",le=\"2.0\"}", 1.0);
        // s1's events arrived just now (the driver's wall clock starts at now): one active session.
        assertThat(samples).containsEntry("peak_trade_run_state{mode=\"paper\",state=\"active\"}", 1.0);
        assertThat(samples).containsEntry("peak_trade_run_state{mode=\"paper\",state=\"closed\"}", 0.0);
    }

    @Test
    void seriesStayBoundedForThousandsOfSessionsOrderIdsAndReasons() {
        final int sessions = 2_000;
        for (int s = 0; s < sessions; s++) {
            final String session = "sess-" + s;
            final String exchange = "venue-" + s; // an exchange per session: must fold into "other" too
            final String mode = s % 2 == 0 ? "SHADOW" : "mode-" + s;
            // An intent with its order (never filled: missing_fill once the idle timeout closes it), a risk block
            // that opens and ends a second chain, and an unreadable line.
            send(session, line(session, mode, "intent", exchange, "i-" + s, null, "", 0));
            send(session, line(session, mode, "submit", exchange, "i-" + s, "order-" + s, "", 40));
            send(session, line(session, mode, "risk_block", exchange, "j-" + s, null, "limit breached #" + s, 110));
            send(session, "garbage line " + s);
        }
        driver.advanceWallClockTime(Duration.ofMinutes(6));

        final Map<String, Double> samples = samples(registry.scrape());
        final List<String> contract = new ArrayList<>();
        for (final String series : samples.keySet()) {
            if (series.startsWith("peak_trade_")) {
                contract.add(series);
            }
        }
        final Set<String> reasons = labelValues(contract, "peak_trade_risk_blocks_total", "reason");
        final Set<String> modes = labelValues(contract, "peak_trade_pipeline_events_total", "mode");
        final Set<String> exchanges = labelValues(contract, "peak_trade_pipeline_events_total", "exchange");
        assertThat(reasons).hasSize(21).contains("other");
        assertThat(modes).hasSize(21).contains("shadow", "other");
        assertThat(exchanges).hasSize(21).contains("other");
        assertThat(String.join("\n", contract)).doesNotContain("sess-", "order-", "\"i-", "\"j-");
        // Every event counted once, however its labels folded.
        assertThat(sum(samples, "peak_trade_pipeline_events_total")).isEqualTo(3.0 * sessions);
        assertThat(sum(samples, "peak_trade_risk_blocks_total")).isEqualTo(sessions);
        assertThat(sum(samples, "peak_trade_parse_errors_total")).isEqualTo(sessions);
        assertThat(sum(samples, "peak_trade_chains_total")).isEqualTo(2.0 * sessions);
        // Upper bound from the label limits: (21 modes x 21 exchanges) combinations, each with its stages, edges'
        // buckets and outcomes; it is the same for 2 000 sessions as for 2 million.
        LOG.info("{} contract series for {} sessions, {} order ids, {} reasons", contract.size(), sessions, sessions,
                sessions);
        assertThat(contract.size()).isLessThan(21 * 21 * (9 + 5 * 20) + 21 * (7 + 21 + 21 + 3) + 8);
        assertThat(contract.size()).isLessThan(5_000);
    }

    private void send(final String key, final String line) {
        input.pipeInput(key.getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8));
    }

    private static String line(final String session, final String mode, final String stage, final String exchange,
                               final String intentId, final String orderId, final String reason,
                               final long offsetMillis) {
        return "{\"ts\":\"" + T0.plusMillis(offsetMillis) + "\",\"mode\":\"" + mode + "\",\"run_id\":\"" + session
                + "\",\"stage\":\"" + stage + "\",\"symbol\":\"BTC-EUR\",\"exchange\":\"" + exchange
                + "\",\"intent_id\":" + quoted(intentId) + ",\"client_order_id\":" + quoted(orderId)
                + ",\"qty\":1.0,\"price\":100.0,\"reason\":\"" + reason + "\"}";
    }

    private static String quoted(final String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    /** Every sample of a Prometheus text exposition, {@code name{labels}} → value. */
    static Map<String, Double> samples(final String scrape) {
        final Map<String, Double> samples = new HashMap<>();
        for (final String row : scrape.split("\n")) {
            final Matcher m = SAMPLE.matcher(row);
            if (!row.startsWith("#") && m.matches()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(4)));
            }
        }
        return samples;
    }

    private static Set<String> labelValues(final List<String> series, final String metric, final String label) {
        final Pattern value = Pattern.compile(label + "=\"([^\"]*)\"");
        final Set<String> values = new TreeSet<>();
        for (final String s : series) {
            if (s.startsWith(metric + "{")) {
                final Matcher m = value.matcher(s);
                if (m.find()) {
                    values.add(m.group(1));
                }
            }
        }
        return values;
    }

    private static double sum(final Map<String, Double> samples, final String metric) {
        return samples.entrySet().stream().filter(e -> e.getKey().startsWith(metric + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
