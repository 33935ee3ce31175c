package io.exectrace.streams.config;

import io.exectrace.events.DurationText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exectrace.streams.reconciliation.ReconciliationTolerance;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExectraceConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheContract() {
        final ExectraceConfig config = ExectraceConfig.defaults();
        assertThat(config.inputTopic()).isEqualTo("execution-events");
        assertThat(config.dlqTopic()).isEqualTo("execution-events-dlq");
        assertThat(config.chainsTopic()).isEqualTo("execution-chains");
        assertThat(config.alertsTopic()).isEqualTo("execution-alerts");
        assertThat(config.processingGuarantee()).isEqualTo("exactly_once_v2");
        assertThat(config.intentTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.orderTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.timelineRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.apiHost()).isEqualTo("127.0.0.1");
        assertThat(config.apiPort()).isEqualTo(8080);
        assertThat(config.apiToken()).isNull();
        assertThat(config.metricsPrefix()).isEqualTo("peak_trade");
        assertThat(config.processingErrorPolicy()).isEqualTo(ProcessingErrorPolicy.DLQ);
        assertThat(config.kafkaOverrides()).isEmpty();
    }

    @Test
    void environmentOverridesFileOverridesDefaults() throws IOException {
        final Path file = write("""
                bootstrap.servers=broker-a:9092
                api.port=9000
                timeline.retention=P2D
                streams.commit.interval.ms=250
                kafka.security.protocol=SSL
                """);
        final ExectraceConfig config = ExectraceConfig.load(file, Map.of(
                "EXECTRACE_BOOTSTRAP_SERVERS", "broker-b:9093",
                "EXECTRACE_ORDER_TIMEOUT", "90s",
                "EXECTRACE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "EXECTRACE_STREAMS_MAX_TASK_IDLE_MS", "5",
                "PATH", "/usr/bin"));
        assertThat(config.bootstrapServers()).isEqualTo("broker-b:9093");
        assertThat(config.apiPort()).isEqualTo(9000);
        assertThat(config.timelineRetention()).isEqualTo(Duration.ofDays(2));
        assertThat(config.orderTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.kafkaOverrides()).containsExactlyEntriesOf(Map.of("security.protocol", "SASL_SSL"));
        assertThat(config.streamsOverrides())
                .containsEntry("commit.interval.ms", "250")
                .containsEntry("max.task.idle.ms", "5");
    }

    @Test
    void badValueNamesKeyOriginAndProblem() {
        assertThatThrownBy(() -> ExectraceConfig.load(null, Map.of("EXECTRACE_API_PORT", "eighty")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("EXECTRACE_API_PORT (environment)")
                .hasMessageContaining("\"eighty\"")
                .hasMessageContaining("integer between 0 and 65535");
        assertThatThrownBy(() -> ExectraceConfig.load(null, Map.of("EXECTRACE_PROCESSING_GUARANTEE", "exactly_once")))
                .hasMessageContaining("expected one of exactly_once_v2, at_least_once");
        assertThatThrownBy(() -> ExectraceConfig.load(null, Map.of("EXECTRACE_IDLE_TIMEOUT", "5 minutes")))
                .hasMessageContaining("EXECTRACE_IDLE_TIMEOUT").hasMessageContaining("positive duration");
        assertThatThrownBy(() -> ExectraceConfig.load(null, Map.of("EXECTRACE_INPUT_TOPIC", "bad topic")))
                .hasMessageContaining("Kafka topic name");
        assertThatThrownBy(() -> ExectraceConfig.load(null, Map.of("EXECTRACE_TOPIC_PARTITIONS", "0")))
                .hasMessageContaining("EXECTRACE_TOPIC_PARTITIONS");
    }

    @Test
    void badFileValueNamesTheFile() throws IOException {
        final Path file = write("stream.threads=-1\n");
        assertThatThrownBy(() -> ExectraceConfig.load(file, Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("stream.threads (file " + file + ")");
    }

    @Test
    void reconciliationTolerancesAreReadAndCheckedWithTheDefaultsOfTheViewer() {
        final ExectraceConfig defaults = ExectraceConfig.load(null, Map.of());
        assertThat(defaults.reconciliationTolerance()).isEqualTo(ReconciliationTolerance.defaults());
        final ExectraceConfig set = ExectraceConfig.load(null, Map.of("EXECTRACE_RECONCILIATION_PRICE_TOLERANCE",
                "0.05", "EXECTRACE_RECONCILIATION_FEE_TOLERANCE", "0.001", "EXECTRACE_RECONCILIATION_TIME_TOLERANCE",
                "750ms"));
        assertThat(set.reconciliationTolerance()).isEqualTo(new ReconciliationTolerance(new BigDecimal("0.05"),
                new BigDecimal("0.001"), Duration.ofMillis(750)));
        assertThatThrownBy(() -> ExectraceConfig.load(null, Map.of("EXECTRACE_RECONCILIATION_PRICE_TOLERANCE", "-1")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("EXECTRACE_RECONCILIATION_PRICE_TOLERANCE").hasMessageContaining("-1");
        assertThatThrownBy(() -> ExectraceConfig.load(null, Map.of("EXECTRACE_RECONCILIATION_FEE_TOLERANCE", "a cent")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("EXECTRACE_RECONCILIATION_FEE_TOLERANCE");
        assertThatThrownBy(() -> ExectraceConfig.load(null, Map.of("EXECTRACE_RECONCILIATION_TIME_TOLERANCE", "-5s")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("EXECTRACE_RECONCILIATION_TIME_TOLERANCE");
    }

    @Test
    void unknownFileKeyIsATypo() throws IOException {
        final Path file = write("bootstrap.server=localhost:9092\n");
        assertThatThrownBy(() -> ExectraceConfig.load(file, Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Unknown key \"bootstrap.server\"");
    }

    @Test
    void passThroughMayNotFightATypedKey() {
        assertThatThrownBy(() -> ExectraceConfig.load(null, Map.of("EXECTRACE_STREAMS_PROCESSING_GUARANTEE", "x")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("processing.guarantee");
    }

    @Test
    void tokenIsNeverPrinted() {
        final ExectraceConfig config = ExectraceConfig.load(null, Map.of("EXECTRACE_API_TOKEN", "s3cret"));
        assertThat(config.apiToken()).isEqualTo("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret").contains("<redacted>");
    }

    @Test
    void dialectsDirLoadsTheMappingFilesAndABadOneStopsTheLoadInOneLine() throws IOException {
        assertThat(ExectraceConfig.defaults().dialects().definitions()).extracting(d -> d.name())
                .containsExactly("telemetry_v1", "ledger_v1", "execution_event_v1");
        final Path dialects = Files.createDirectory(dir.resolve("dialects"));
        io.exectrace.events.fixtures.OrdersServiceDialect.write(dialects,
                io.exectrace.events.fixtures.OrdersServiceDialect.MAPPING);
        final ExectraceConfig config = ExectraceConfig.load(null, Map.of("EXECTRACE_DIALECTS_DIR", dialects.toString()));
        assertThat(config.dialects().definitions()).extracting(d -> d.name()).contains("orders_svc");

        io.exectrace.events.fixtures.OrdersServiceDialect.write(dialects,
                io.exectrace.events.fixtures.OrdersServiceDialect.MAPPING.replace("epoch_ms", "epoch_ns"));
        final Path file = Files.writeString(dir.resolve("app.properties"), "dialects.dir=" + dialects + "\n");
        assertThatThrownBy(() -> ExectraceConfig.load(file, Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid dialect mapping (dialects.dir (file " + file + ")): "
                        + dialects.resolve("orders_svc.yaml") + ":3: unparseable timestamp format 'epoch_ns' (use "
                        + "iso8601, epoch_s, epoch_ms, epoch_us)");
    }

    @Test
    void venueFillKeysHaveTheirTopicsAndTheSymbolMap() throws IOException {
        final ExectraceConfig defaults = ExectraceConfig.defaults();
        assertThat(defaults.venueFillsTopic()).isEqualTo("venue-fills");
        assertThat(defaults.venueFillsDlqTopic()).isEqualTo("venue-fills-dlq");
        assertThat(defaults.topics()).containsExactly("execution-events", "execution-events-dlq", "execution-chains",
                "execution-alerts", "venue-fills", "venue-fills-dlq");
        assertThat(defaults.venueSymbols().normalise("XXBTZEUR")).isEqualTo("BTC-EUR");
        assertThat(defaults.venueSymbols().normalise("FOOBAR")).isNull();

        final Path map = Files.writeString(dir.resolve("symbols.map"), "FOOBAR = FOO-BAR\n");
        final ExectraceConfig config = ExectraceConfig.load(null, Map.of("EXECTRACE_VENUE_FILLS_TOPIC", "kraken-fills",
                "EXECTRACE_VENUE_FILLS_DLQ_TOPIC", "kraken-fills-dlq", "EXECTRACE_VENUE_SYMBOL_MAP", map.toString()));
        assertThat(config.venueFillsTopic()).isEqualTo("kraken-fills");
        assertThat(config.venueFillsDlqTopic()).isEqualTo("kraken-fills-dlq");
        assertThat(config.venueSymbols().normalise("FOOBAR")).isEqualTo("FOO-BAR");
        assertThat(config.withBootstrapServers("b:1").venueSymbols()).isSameAs(config.venueSymbols());
        assertThat(config.withKafkaOverrides(Map.of("linger.ms", "1")).venueFillsTopic()).isEqualTo("kraken-fills");

        Files.writeString(map, "FOOBAR FOO-BAR\n");
        final Path file = Files.writeString(dir.resolve("app.properties"), "venue.symbol.map=" + map + "\n");
        assertThatThrownBy(() -> ExectraceConfig.load(file, Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid symbol map (venue.symbol.map (file " + file + ")): " + map
                        + ":1: expected VENUE_SYMBOL = OUR-SYMBOL, got 'FOOBAR FOO-BAR'");
        assertThatThrownBy(() -> ExectraceConfig.load(null, Map.of("EXECTRACE_VENUE_FILLS_TOPIC", "bad topic")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("EXECTRACE_VENUE_FILLS_TOPIC");
    }

    @Test
    void humanDurations() {
        assertThat(DurationText.parseOrNull("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parseOrNull("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationText.parseOrNull("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parseOrNull("1 h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parseOrNull("h")).isNull();
        assertThat(DurationText.parseOrNull("3w")).isNull();
        assertThat(DurationText.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void markdownTableListsEveryKeyAndDefault() {
        final String table = ExectraceConfig.markdownTable();
        for (final ConfigKey key : ExectraceConfig.KEYS) {
            assertThat(table).contains("`" + key.environmentVariable() + "`");
        }
        assertThat(table).contains("| `processing.guarantee` | `EXECTRACE_PROCESSING_GUARANTEE` | `exactly_once_v2` |");
        assertThat(table).contains("`EXECTRACE_API_TOKEN` | (none)");
        assertThat(table.lines().count()).isEqualTo(ExectraceConfig.KEYS.size() + 4);
    }

    private Path write(final String text) throws IOException {
        final Path file = dir.resolve("exectrace.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void variablesReadElsewhereAreNotWarnedAboutButATypoIs() {
        for (final String readByTheApiTheCliOrTheScript : List.of("EXECTRACE_API_CORS_ORIGINS", "EXECTRACE_GRAFANA_URL",
                "EXECTRACE_LOG_LEVEL", "EXECTRACE_JAVA_OPTS", "EXECTRACE_SKIP_BUILD", "EXECTRACE_VIEW_CDS")) {
            assertThat(ExectraceConfig.namesNothing(readByTheApiTheCliOrTheScript)).as(readByTheApiTheCliOrTheScript)
                    .isFalse();
        }
        assertThat(ExectraceConfig.namesNothing("EXECTRACE_IDLE_TIMEOUT")).isFalse();
        assertThat(ExectraceConfig.namesNothing("EXECTRACE_KAFKA_LINGER_MS")).isFalse();
        assertThat(ExectraceConfig.namesNothing("EXECTRACE_IDLE_TIMOUT")).as("a typo").isTrue();
        assertThat(ExectraceConfig.namesNothing("PATH")).isFalse();
    }
}
