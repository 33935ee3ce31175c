package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.broker.EmbeddedKafkaExtension;
import io.exectrace.producer.VenueFillDeadLetters;
import io.exectrace.streams.deadletter.DlqHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exectrace produce venue-fills} against the real embedded broker: the fixtures of {@code fixtures/venue/} in
 * both formats, read back from the fills topic (the generic form, keyed by venue order id, in venue time order) and
 * from the dead-letter topic (the bad entries byte for byte, with their headers).
 */
class VenueFillsCommandTest {
    private static final Path VENUE_FIXTURES = Path.of("..", "fixtures", "venue");
    private static final Path KRAKEN = VENUE_FIXTURES.resolve("ledger_v1.kraken-trades.json");
    private static final Path GENERIC = VENUE_FIXTURES.resolve("ledger_v1.venue-fills.jsonl");

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    /** The six fills of both fixtures in the generic form, written by hand, by venue order id in time order. */
    private static final Map<String, List<String>> FILLS_BY_ORDER = new LinkedHashMap<>();

    static {
        FILLS_BY_ORDER.put("OUF4EM-FRGI2-MQMWZD", List.of(
                "{\"ts\":\"2025-12-20T14:00:00.398100Z\",\"venue\":\"kraken\",\"venue_order_id\":\"OUF4EM-FRGI2-MQMWZD\","
                        + "\"client_order_id\":\"c-0001\",\"trade_id\":\"THVRQM-33VKH-UCI7BS\",\"symbol\":\"BTC-EUR\","
                        + "\"side\":\"buy\",\"qty\":0.25,\"price\":92010.0,\"fee\":59.95,\"fee_currency\":\"EUR\"}",
                "{\"ts\":\"2025-12-20T14:00:00.698765Z\",\"venue\":\"kraken\",\"venue_order_id\":\"OUF4EM-FRGI2-MQMWZD\","
                        + "\"trade_id\":\"T5EBJW-RN6HD-KSNSQX\",\"symbol\":\"BTC-EUR\",\"side\":\"buy\",\"qty\":0.125,"
                        + "\"price\":92015.0,\"fee\":29.9,\"fee_currency\":\"EUR\"}"));
        FILLS_BY_ORDER.put("OK8HFF-5J2PL-XLR17S", List.of(
                "{\"ts\":\"2025-12-20T14:00:01.498700Z\",\"venue\":\"kraken\",\"venue_order_id\":\"OK8HFF-5J2PL-XLR17S\","
                        + "\"client_order_id\":\"c-0002\",\"trade_id\":\"TCWJEG-FL4SZ-3FKGH6\",\"symbol\":\"ETH-EUR\","
                        + "\"side\":\"buy\",\"qty\":0.8,\"price\":3101.2,\"fee\":6.05,\"fee_currency\":\"EUR\"}"));
        FILLS_BY_ORDER.put("O3Z7QY-GYE2N-7UPHRA", List.of(
                "{\"ts\":\"2025-12-20T14:00:03.901200Z\",\"venue\":\"kraken\",\"venue_order_id\":\"O3Z7QY-GYE2N-7UPHRA\","
                        + "\"client_order_id\":\"c-0005\",\"trade_id\":\"TJTNYU-FR6KG-2HGG3B\",\"symbol\":\"BTC-EUR\","
                        + "\"side\":\"buy\",\"qty\":0.1,\"price\":92000.0,\"fee\":23.92,\"fee_currency\":\"EUR\"}"));
        FILLS_BY_ORDER.put("ON4NE2-KTHQ7-7BZKAV", List.of(
                "{\"ts\":\"2025-12-20T14:00:04.797500Z\",\"venue\":\"kraken\",\"venue_order_id\":\"ON4NE2-KTHQ7-7BZKAV\","
                        + "\"trade_id\":\"TDLH43-DVQXD-2KHVYY\",\"symbol\":\"ETH-EUR\",\"side\":\"buy\",\"qty\":1.0,"
                        + "\"price\":3110.0,\"fee\":8.07,\"fee_currency\":\"EUR\"}"));
        FILLS_BY_ORDER.put("OQCLML-BW3P3-BUCMWZ", List.of(
                "{\"ts\":\"2025-12-20T14:00:05.250Z\",\"venue\":\"kraken\",\"venue_order_id\":\"OQCLML-BW3P3-BUCMWZ\","
                        + "\"trade_id\":\"TQQFKA-7LMVW-3NMWQD\",\"symbol\":\"ETH-EUR\",\"side\":\"sell\",\"qty\":0.5,"
                        + "\"price\":3099.8,\"fee\":4.03,\"fee_currency\":\"EUR\"}"));
    }

    @Test
    void aKrakenExportBecomesGenericFillsAndItsBadTradesDeadLettersByteForByte() throws IOException {
        KAFKA.createTopic("kraken-fills", 3);
        KAFKA.createTopic("kraken-fills-dlq", 3);
        final CliRun run = CliRun.of("produce", "venue-fills", "-b", KAFKA.bootstrapServers(), "-t", "kraken-fills",
                "--dlq-topic", "kraken-fills-dlq", "--format", "kraken-trades", KRAKEN.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("sent 6 venue fills from 1 file(s) to kraken-fills; dead-lettered 5 to "
                + "kraken-fills-dlq (bad_number 1, bad_side 1, bad_ts 1, missing_field 1, unknown_symbol 1) in ");
        assertThat(valuesByKey(consume("kraken-fills", 6))).isEqualTo(FILLS_BY_ORDER);

        final Map<Long, ConsumerRecord<String, byte[]>> dead = byLine(consume("kraken-fills-dlq", 5));
        assertThat(dead).containsOnlyKeys(3L, 6L, 8L, 10L, 12L);
        final List<String> lines = Files.readAllLines(KRAKEN);
        assertDeadLetter(dead.get(3L), "OBADTS-55555-EEEEEE", tradeValue(lines.get(2)), "bad_ts",
                "unreadable time \"yesterday\"", KRAKEN, 3, "kraken-trades", "TBADTS-55555-EEEEEE");
        assertDeadLetter(dead.get(6L), "OBADSD-11111-AAAAAA", tradeValue(lines.get(5)), "bad_side",
                "type \"short\" is neither buy nor sell", KRAKEN, 6, "kraken-trades", "TBADSD-11111-AAAAAA");
        assertDeadLetter(dead.get(8L), "OBADPX-22222-BBBBBB", tradeValue(lines.get(7)), "bad_number",
                "price \"92,010.0\" is not a number", KRAKEN, 8, "kraken-trades", "TBADPX-22222-BBBBBB");
        assertDeadLetter(dead.get(10L), "OBADPR-33333-CCCCCC", tradeValue(lines.get(9)), "unknown_symbol",
                "pair \"FOOBAR\" is not in the symbol map and ends in no known quote currency", KRAKEN, 10,
                "kraken-trades", "TBADPR-33333-CCCCCC");
        assertDeadLetter(dead.get(12L), null, tradeValue(lines.get(11)), "missing_field", "no ordertxid", KRAKEN, 12,
                "kraken-trades", "TBADOX-44444-DDDDDD");
    }

    @Test
    void aGenericJsonlFileSendsTheSameFillsAndItsBadLinesDeadLetterByteForByte() throws IOException {
        KAFKA.createTopic("generic-fills", 2);
        KAFKA.createTopic("generic-fills-dlq", 2);
        final CliRun run = CliRun.of("produce", "venue-fills", "-b", KAFKA.bootstrapServers(), "-t", "generic-fills",
                "--dlq-topic", "generic-fills-dlq", "--format", "generic", GENERIC.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("sent 6 venue fills from 1 file(s) to generic-fills; dead-lettered 8 to "
                + "generic-fills-dlq (bad_number 1, bad_side 1, bad_ts 1, invalid_json 1, missing_field 1, "
                + "missing_ts 1, not_an_object 1, unknown_symbol 1) in ");
        assertThat(valuesByKey(consume("generic-fills", 6))).isEqualTo(FILLS_BY_ORDER);

        final Map<Long, ConsumerRecord<String, byte[]>> dead = byLine(consume("generic-fills-dlq", 8));
        assertThat(dead).containsOnlyKeys(3L, 5L, 7L, 10L, 11L, 12L, 13L, 15L);
        final List<String> lines = Files.readAllLines(GENERIC);
        assertThat(header(dead.get(3L), DlqHeaders.DETAIL)).startsWith("Unexpected end-of-input");
        assertDeadLetter(dead.get(3L), "OUF4EM-FRGI2-MQMWZD", lines.get(2), "invalid_json", null, GENERIC, 3,
                "generic", null);
        assertDeadLetter(dead.get(5L), "OBADTS-00005-EEEEEE", lines.get(4), "missing_ts", "no ts", GENERIC, 5,
                "generic", null);
        assertDeadLetter(dead.get(7L), "OBADZN-00007-FFFFFF", lines.get(6), "bad_ts",
                "ts \"2025-12-20T14:00:04.000\" has no zone (Z or an offset such as +00:00)", GENERIC, 7, "generic",
                null);
        assertDeadLetter(dead.get(10L), "OBADQT-00010-GGGGGG", lines.get(9), "bad_number",
                "qty is not a number but a string", GENERIC, 10, "generic", null);
        assertDeadLetter(dead.get(11L), "OBADSD-00011-HHHHHH", lines.get(10), "bad_side",
                "side \"hold\" is neither buy nor sell", GENERIC, 11, "generic", null);
        assertDeadLetter(dead.get(12L), "OBADTR-00012-IIIIII", lines.get(11), "missing_field", "no trade_id", GENERIC,
                12, "generic", null);
        assertDeadLetter(dead.get(13L), "OBADPR-00013-JJJJJJ", lines.get(12), "unknown_symbol",
                "symbol \"BTCXYZ\" is not in the symbol map and ends in no known quote currency", GENERIC, 13,
                "generic", null);
        assertDeadLetter(dead.get(15L), null, lines.get(14), "not_an_object", "root is an array", GENERIC, 15,
                "generic", null);
    }

    @Test
    void aSymbolMapFileAddsPairs(@TempDir final Path dir) throws IOException {
        KAFKA.createTopic("mapped-fills", 1);
        KAFKA.createTopic("mapped-fills-dlq", 1);
        final Path map = dir.resolve("symbols.map");
        Files.writeString(map, "# a pair the defaults do not know\nFOOBAR = FOO-BAR\n");
        final CliRun run = CliRun.of("produce", "venue-fills", "-b", KAFKA.bootstrapServers(), "-t", "mapped-fills",
                "--dlq-topic", "mapped-fills-dlq", "--format", "kraken-trades", "--symbol-map", map.toString(),
                KRAKEN.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("sent 7 venue fills from 1 file(s) to mapped-fills; dead-lettered 4 to "
                + "mapped-fills-dlq (bad_number 1, bad_side 1, bad_ts 1, missing_field 1) in ");
        assertThat(valuesByKey(consume("mapped-fills", 7)).get("OBADPR-33333-CCCCCC")).containsExactly(
                "{\"ts\":\"2025-12-20T14:00:00.500Z\",\"venue\":\"kraken\",\"venue_order_id\":\"OBADPR-33333-CCCCCC\","
                        + "\"trade_id\":\"TBADPR-33333-CCCCCC\",\"symbol\":\"FOO-BAR\",\"side\":\"buy\",\"qty\":10.0,"
                        + "\"price\":1.5,\"fee\":0.039,\"fee_currency\":\"BAR\"}");
    }

    @Test
    void aFileThatIsNotAnExportSendsNothingAndExitsWith2() {
        KAFKA.createTopic("refused-fills", 1);
        KAFKA.createTopic("refused-fills-dlq", 1);
        final CliRun run = CliRun.of("produce", "venue-fills", "-b", KAFKA.bootstrapServers(), "-t", "refused-fills",
                "--dlq-topic", "refused-fills-dlq", "--format", "kraken-trades", KRAKEN.toString(), GENERIC.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("exectrace produce venue-fills: " + GENERIC
                + " is not a Kraken TradesHistory export: line 1: not a TradesHistory answer: ts is not a trade object"
                + " (an answer has error and result, a result has trades, trades hold objects)");
        assertThat(consume("refused-fills", 0)).isEmpty();
        assertThat(consume("refused-fills-dlq", 0)).isEmpty();
    }

    @Test
    void badOptionsAndMissingTopicsAreOneLine(@TempDir final Path dir) throws IOException {
        final CliRun noFormat = CliRun.of("produce", "venue-fills", GENERIC.toString());
        assertThat(noFormat.exitCode()).isEqualTo(2);
        assertThat(noFormat.err()).contains("Missing required option: '--format=generic|kraken-trades'");

        final CliRun badFormat = CliRun.of("produce", "venue-fills", "--format", "csv", GENERIC.toString());
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err().strip()).isEqualTo(
                "exectrace produce venue-fills: unknown format 'csv' (formats: generic, kraken-trades)");

        final CliRun missing = CliRun.of("produce", "venue-fills", "--format", "generic", "no/such/fills.jsonl");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("exectrace produce venue-fills: no such file: no/such/fills.jsonl");

        final Path map = dir.resolve("bad.map");
        Files.writeString(map, "XBTUSD\n");
        final CliRun badMap = CliRun.of("produce", "venue-fills", "--format", "generic", "--symbol-map",
                map.toString(), GENERIC.toString());
        assertThat(badMap.exitCode()).isEqualTo(2);
        assertThat(badMap.err().strip()).isEqualTo("exectrace produce venue-fills: " + map
                + ":1: expected VENUE_SYMBOL = OUR-SYMBOL, got 'XBTUSD'");

        final CliRun absentTopic = CliRun.of("produce", "venue-fills", "-b", KAFKA.bootstrapServers(),
                "--format", "generic", GENERIC.toString());
        assertThat(absentTopic.exitCode()).isEqualTo(3);
        assertThat(absentTopic.err().strip())
                .startsWith("exectrace produce venue-fills: topic venue-fills does not exist on ");
    }

    @Test
    void theDeadLetterHeadersAreThePipelines() {
        assertThat(VenueFillDeadLetters.REASON).isEqualTo(DlqHeaders.REASON);
        assertThat(VenueFillDeadLetters.DETAIL).isEqualTo(DlqHeaders.DETAIL);
    }

    @Test
    void helpNamesTheFormatsTopicsAndDefaults() {
        final String help = CliRun.of("produce", "venue-fills", "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("--format=generic|kraken-trades", "--symbol-map=FILE", "--dlq-topic=TOPIC",
                "$EXECTRACE_VENUE_FILLS_TOPIC or venue-fills", "$EXECTRACE_VENUE_FILLS_DLQ_TOPIC or venue-fills-dlq",
                "$EXECTRACE_VENUE_SYMBOL_MAP");
        assertThat(CliRun.of("produce", "--help").out()).contains("venue-fills");
    }

    /** A Kraken fixture line {@code   "KEY": {...},} as the bytes of its value, cut out by hand. */
    private static String tradeValue(final String line) {
        final String value = line.substring(line.indexOf("\": {") + 3);
        return value.endsWith(",") ? value.substring(0, value.length() - 1) : value;
    }

    private static void assertDeadLetter(final ConsumerRecord<String, byte[]> record, final String key,
                                         final String value, final String reason, final String detail,
                                         final Path file, final long line, final String format, final String tradeId) {
        final String what = file + " line " + line;
        assertThat(record.key()).as(what).isEqualTo(key);
        assertThat(record.value()).as(what).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
        assertThat(header(record, DlqHeaders.REASON)).as(what).isEqualTo(reason);
        if (detail != null) {
            assertThat(header(record, DlqHeaders.DETAIL)).as(what).isEqualTo(detail);
        }
        assertThat(header(record, VenueFillDeadLetters.SOURCE_FILE)).as(what).isEqualTo(file.toString());
        assertThat(header(record, VenueFillDeadLetters.SOURCE_LINE)).as(what).isEqualTo(Long.toString(line));
        assertThat(header(record, VenueFillDeadLetters.SOURCE_FORMAT)).as(what).isEqualTo(format);
        assertThat(header(record, VenueFillDeadLetters.SOURCE_KEY)).as(what).isEqualTo(tradeId);
        assertThat(record.headers().toArray()).as(what).hasSize(tradeId == null ? 5 : 6);
    }

    private static String header(final ConsumerRecord<String, byte[]> record, final String name) {
        return DlqHeaders.text(record.headers(), name);
    }

    private static Map<Long, ConsumerRecord<String, byte[]>> byLine(final List<ConsumerRecord<String, byte[]>> records) {
        final Map<Long, ConsumerRecord<String, byte[]>> byLine = new TreeMap<>();
        for (final ConsumerRecord<String, byte[]> record : records) {
            final Header line = record.headers().lastHeader(VenueFillDeadLetters.SOURCE_LINE);
            byLine.put(Long.parseLong(new String(line.value(), StandardCharsets.UTF_8)), record);
        }
        return byLine;
    }

    /** Values per key in the order the broker stored them (one key lives on one partition). */
    private static Map<String, List<String>> valuesByKey(final List<ConsumerRecord<String, byte[]>> records) {
        final Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (final ConsumerRecord<String, byte[]> record : records) {
            byKey.computeIfAbsent(record.key(), k -> new ArrayList<>())
                    .add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return byKey;
    }

    /** Every record of the topic from the beginning: polls until {@code count} came, then briefly for extras. */
    private static List<ConsumerRecord<String, byte[]>> consume(final String topic, final int count) {
        final Map<String, Object> config = KAFKA.consumerConfig("venue-fills-test-" + topic);
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", ByteArrayDeserializer.class.getName());
        config.put("enable.auto.commit", "false");
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
