package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The files under {@code deploy/} and {@code docker-compose.yml} hang together: every alert names a severity and a
 * runbook section that exists in {@code docs/operations.md} and fires in its promtool unit test
 * ({@code deploy/prometheus/alerts.test.yml}), the dashboard has the runbook's panels, variables and
 * links, and docker-compose accepts the compose file (docker-compose 1.29 validates it without a Docker engine).
 */
class DeployFilesTest {
    private static final Path ROOT = Path.of("..");
    private static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yml");
    private static final Path ALERTS_TEST = ROOT.resolve("deploy/prometheus/alerts.test.yml");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/execution-pipeline.json");
    private static final Path RUNBOOK = ROOT.resolve("docs/operations.md");
    private static final Path COMPOSE_TOOL = Path.of("/usr/bin/docker-compose");

    @Test
    void everyAlertHasASeverityAndARunbookSectionThatExists() throws IOException {
        final String rules = Files.readString(ALERTS);
        final Set<String> anchors = runbookAnchors();
        final List<String> alerts = all(rules, "(?m)^\\s+- alert: (\\S+)$");
        assertThat(alerts).contains("ExectraceErrorRateHigh", "ExectraceMissingFills", "ExectraceParseErrorRateHigh",
                "ExectraceNoEvents", "ExectraceLatencyExtreme", "ExectraceRiskBlockSpike", "ExectraceStuckOrders",
                "ExectraceReconciliationMismatch");
        assertThat(all(rules, "(?m)^\\s+severity: (\\S+)$")).hasSameSizeAs(alerts).allMatch(s -> s.matches("P[12]"));
        final List<String> runbooks = all(rules, "(?m)^\\s+runbook_url: \"docs/operations\\.md#([^\"]+)\"$");
        assertThat(runbooks).hasSameSizeAs(alerts);
        assertThat(anchors).containsAll(runbooks);
    }

    @Test
    void everyAlertFiresInItsUnitTestAndStaysQuietUnderNormalTraffic() throws Exception {
        final List<String> alerts = all(Files.readString(ALERTS), "(?m)^\\s+- alert: (\\S+)$");
        final String tests = Files.readString(ALERTS_TEST);
        assertThat(all(tests, "(?m)^\\s+alertname: (\\S+)$")).containsAll(alerts);
        assumeThat(Files.isExecutable(PROMTOOL))
                .as("SKIPPED: %s is not installed (CI installs Debian's prometheus package)", PROMTOOL).isTrue();
        final Process process = new ProcessBuilder(PROMTOOL.toString(), "test", "rules", ALERTS_TEST.toString())
                .redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
    }

    @Test
    void dashboardHasTheRunbookPanelsVariablesAndALinkToTheSessionList() throws IOException {
        final JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("title").asText()).isEqualTo("Execution pipeline");
        final List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).contains("mode", "exchange", "api_url");
        final List<String> titles = new ArrayList<>();
        for (final JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            titles.add(panel.path("title").asText());
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("exectrace-prometheus");
            assertThat(panel.path("links").get(0).path("url").asText()).startsWith("${api_url}/api/sessions");
        }
        assertThat(titles).containsExactlyInAnyOrder("Event throughput by mode and stage", "Error rate",
                "Risk blocks by reason", "Latency p50 / p95 / p99 per edge", "Feed gaps", "Run state", "Chain outcomes",
                "Parse error rate", "Open orders by age", "Reconciliation lag", "Reconciliation results", "Consumer lag",
                "Stream thread state");
        assertThat(Files.readString(ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml")))
                .contains("uid: exectrace-prometheus");
    }

    @Test
    void dockerComposeAcceptsTheComposeFile() throws Exception {
        assumeThat(Files.isExecutable(COMPOSE_TOOL))
                .as("SKIPPED: %s is not installed (CI installs Debian's docker-compose)", COMPOSE_TOOL).isTrue();
        final Process process = new ProcessBuilder(COMPOSE_TOOL.toString(), "-f", "docker-compose.yml", "config")
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("apache/kafka", "prom/prometheus", "grafana/grafana", "prom/alertmanager",
                "127.0.0.1");
        // docker-compose 1.29 prints each published port as "- HOST_IP:HOST_PORT:CONTAINER_PORT/tcp".
        final List<String> ports = all(out, "(?m)^\\s+- (\\S+:\\d+/(?:tcp|udp))$");
        // Five services, plus the two extra brokers of the "cluster" profile.
        assertThat(ports).hasSize(7).allMatch(port -> port.startsWith("127.0.0.1:"));
    }

    @Test
    void theClusterProfileAddsTwoBrokersAndReplicationThree() throws Exception {
        assumeThat(Files.isExecutable(COMPOSE_TOOL))
                .as("SKIPPED: %s is not installed (CI installs Debian's docker-compose)", COMPOSE_TOOL).isTrue();
        final ProcessBuilder builder = new ProcessBuilder(COMPOSE_TOOL.toString(), "-f", "docker-compose.yml",
                "--profile", "cluster", "config").directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("KAFKA_REPLICATION", "3");
        builder.environment().put("KAFKA_MIN_ISR", "2");
        builder.environment().put("EXECTRACE_STANDBY_REPLICAS", "1");
        final Process process = builder.start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(all(out, "(?m)^  (kafka(?:-\\d)?):$")).containsExactly("kafka", "kafka-2", "kafka-3");
        assertThat(all(out, "(?m)^\\s+KAFKA_NODE_ID: '?(\\d)'?$")).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(all(out, "(?m)^\\s+KAFKA_CONTROLLER_QUORUM_VOTERS: (\\S+)$")).containsOnly("1@kafka:9094");
        assertThat(all(out, "(?m)^\\s+KAFKA_DEFAULT_REPLICATION_FACTOR: '?(\\d)'?$")).containsOnly("3").hasSize(3);
        assertThat(all(out, "(?m)^\\s+KAFKA_MIN_INSYNC_REPLICAS: '?(\\d)'?$")).containsOnly("2").hasSize(3);
        assertThat(all(out, "(?m)^\\s+EXECTRACE_REPLICATION_FACTOR: '?(\\d)'?$")).containsExactly("3");
        assertThat(all(out, "(?m)^\\s+EXECTRACE_STANDBY_REPLICAS: '?(\\d)'?$")).containsExactly("1");
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> runbookAnchors() throws IOException {
        final Set<String> anchors = new HashSet<>();
        for (final String line : Files.readAllLines(RUNBOOK)) {
            if (line.startsWith("#")) {
                final String text = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static List<String> all(final String text, final String regex) {
        final List<String> found = new ArrayList<>();
        final Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
