package io.exectrace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exectrace.events.fixtures.OrdersServiceDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A dialect defined only by a mapping file, next to the built-in ones; and what makes a mapping file unusable. */
class MappedDialectTest {
    static final String ORDERS_SVC = OrdersServiceDialect.MAPPING;

    @TempDir
    Path dir;

    private ExecutionEventParser parser;

    @BeforeEach
    void writeMapping() throws IOException {
        OrdersServiceDialect.write(dir, ORDERS_SVC);
        parser = Dialects.load(dir).parser();
    }

    private ParseResult parse(final String json) {
        return parser.parse(Records.utf8(json));
    }

    @Test
    void aRecordOfTheMappedDialect() {
        final ParseResult result = parse("{\"source\":\"orders-svc\",\"type\":\"ORDER_NEW\",\"meta\":{\"session\":\"svc-1\","
                + "\"time_ms\":1766246400123.5},\"instrument\":{\"code\":\"BTC_EUR\"},\"direction\":\"SHORT\","
                + "\"ref\":{\"client\":\"c-1\",\"venue\":\"v-1\"},\"amount\":0.5,\"px\":42000}");
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        final ExecutionEvent e = ((ParseResult.Valid) result).event();
        assertThat(e.dialect()).isEqualTo(Dialect.MAPPED);
        assertThat(e.tsMicros()).isEqualTo(1_766_246_400_123_500L);
        assertThat(e.sessionId()).isEqualTo("svc-1");
        assertThat(e.stage()).isEqualTo(Stage.SUBMIT);
        assertThat(e.symbol()).isEqualTo("BTC-EUR");
        assertThat(e.side()).isEqualTo(Side.SELL);
        assertThat(e.orderId()).isEqualTo("c-1");
        assertThat(e.brokerOrderId()).isEqualTo("v-1");
        assertThat(e.quantity()).isEqualTo(0.5);
        assertThat(e.price()).isEqualTo(42000.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"type\":\"SIGNAL_MOMENTUM\",\"meta\":{\"session\":\"s\",\"time_ms\":1766246400000} | INTENT",
        "\"type\":\"risk_check\",\"risk\":{\"decision\":\"BLOCK\",\"reason\":\"limit\"},\"meta\":{\"session\":\"s\",\"time_ms\":1766246400000} | RISK_BLOCK",
        "\"type\":\"ORDER_FILL\",\"meta\":{\"fallback_session\":\"s\",\"time_ms\":1766246400000} | FILL"})
    void stagesPrefixesAndVerdicts(final String fields, final Stage stage) {
        final ParseResult result = parse("{\"source\":\"orders-svc\"," + fields + "}");
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        assertThat(((ParseResult.Valid) result).event().stage()).isEqualTo(stage);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"type\":\"ORDER_GONE\",\"meta\":{\"session\":\"s\",\"time_ms\":1766246400000} | UNKNOWN_KIND | unknown type \"ORDER_GONE\"",
        "\"meta\":{\"session\":\"s\",\"time_ms\":1766246400000} | UNKNOWN_KIND | no type",
        "\"type\":\"ORDER_NEW\",\"meta\":{\"time_ms\":1766246400000} | MISSING_SESSION | neither meta.session nor meta.fallback_session",
        "\"type\":\"ORDER_NEW\",\"meta\":{\"session\":\"s\"} | MISSING_TS | no meta.time_ms",
        "\"type\":\"ORDER_NEW\",\"meta\":{\"session\":\"s\",\"time_ms\":\"soon\"} | BAD_TS | meta.time_ms is not a number but a string",
        "\"type\":\"ORDER_NEW\",\"kind\":\"order\",\"meta\":{\"session\":\"s\",\"time_ms\":1766246400000} | UNKNOWN_KIND | dialect is ambiguous: the record is telemetry_v1 and orders_svc"})
    void invalidRecordsOfTheMappedDialect(final String fields, final ParseErrorReason reason, final String detail) {
        final ParseResult result = parse("{\"source\":\"orders-svc\"," + fields + "}");
        assertThat(result).isInstanceOf(ParseResult.Invalid.class);
        assertThat(((ParseResult.Invalid) result).reason()).isEqualTo(reason);
        assertThat(((ParseResult.Invalid) result).detail()).isEqualTo(detail);
    }

    @Test
    void theBuiltInDialectsStillServeTheirRecords() {
        final String telemetry = Records.telemetry("order", "\"order_id\": \"o-1\"");
        assertThat(parse(telemetry)).isEqualTo(Records.parse(telemetry));
        final String neither = "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\"}";
        assertThat(parse(neither)).isEqualTo(Records.parse(neither));
        final String notJson = "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",}";
        assertThat(parse(notJson)).isEqualTo(Records.parse(notJson));
    }

    @Test
    void aMappingThatChangesABuiltInDialectReplacesIt() throws IOException {
        final Path shipped = io.exectrace.events.fixtures.GoldenFixtures.folder().resolveSibling("dialects");
        Files.writeString(dir.resolve("ledger_v1.yaml"), Files.readString(shipped.resolve("ledger_v1.yaml"))
                .replace("    ack: ack", "    ack: submit"));
        final Dialects dialects = Dialects.load(dir);
        assertThat(dialects.definitions()).filteredOn(d -> d.name().equals("ledger_v1"))
                .singleElement().matches(d -> !d.builtInFastPath());
        final ParseResult ack = dialects.parser().parse(Records.utf8(Records.ledger("ack", "")));
        assertThat(((ParseResult.Valid) ack).event().stage()).isEqualTo(Stage.SUBMIT);
        // With a built-in replaced, a record no dialect recognises is not handed to the built-in parser.
        final ParseResult none = dialects.parser().parse(Records.utf8("{\"ts\":\"2025-12-20T10:00:00Z\"}"));
        assertThat(((ParseResult.Invalid) none).detail()).startsWith("no dialect recognises it (looked for kind, "
                + "stage, schema_version = execution_event.v1, source = orders-svc");
    }

    // What stops start-up: one line naming the file, the line and the problem.

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "order_id: [ref.client] | order_ref: [ref.client] | 17 | unknown field 'order_ref' (fields: intent_id, order_id",
        "    ORDER_FILL: fill | ORDER_FILL: filled | 10 | unknown stage 'filled' for value 'ORDER_FILL' (stages: signal, intent",
        "format: epoch_ms} | format: epoch_ns} | 3 | unparseable timestamp format 'epoch_ns' (use iso8601, epoch_s, epoch_ms, epoch_us)",
        "session: [meta.session, meta.fallback_session] | sesion: [meta.session] | 12 | unknown key 'sesion' (known:",
        "side: {paths: [direction], values: {long: buy, short: sell}} | side: {paths: [direction], values: {long: up}} | 14 | unknown side 'up' for value 'long'",
        "recognise: {field: source, equals: orders-svc} | recognise: {equals: orders-svc} | 2 | 'field' is missing",
        "symbol: {paths: [instrument.code], separators: \"_\"} | symbol: {paths: [instrument..code]} | 13 | symbol paths 'instrument..code' is not a dotted path",
        "name: orders_svc | name: Orders Svc | 1 | name 'Orders Svc' is not 1-64 of [a-z0-9_]",
        "  quantity: [amount] | \\t quantity: [amount | 19 | not YAML:"})
    void aBadMappingNamesFileLineAndProblem(final String find, final String replace, final int line,
                                           final String problem) throws IOException {
        final String text = ORDERS_SVC.replace(find, replace.replace("\\ ", " ").replace("\\t", "\t"));
        assertThat(text).isNotEqualTo(ORDERS_SVC);
        OrdersServiceDialect.write(dir, text);
        assertThatThrownBy(() -> Dialects.load(dir)).isInstanceOf(InvalidDialectException.class)
                .message().startsWith(dir.resolve("orders_svc.yaml") + ":" + line + ": " + problem)
                .doesNotContain("\n");
    }

    @Test
    void twoFilesOfOneNameOrOneRecognitionAreRefused() throws IOException {
        Files.writeString(dir.resolve("z_copy.yaml"), ORDERS_SVC);
        assertThatThrownBy(() -> Dialects.load(dir)).hasMessage(dir.resolve("z_copy.yaml")
                + ":1: dialect 'orders_svc' is already defined by " + dir.resolve("orders_svc.yaml"));
        Files.writeString(dir.resolve("z_copy.yaml"), ORDERS_SVC.replace("name: orders_svc", "name: other"));
        assertThatThrownBy(() -> Dialects.load(dir)).hasMessage(dir.resolve("z_copy.yaml")
                + ":1: dialect 'other' is recognised exactly as 'orders_svc' (source = orders-svc): every record "
                + "would be ambiguous");
    }

    @Test
    void aMissingFolderIsRefused() {
        assertThatThrownBy(() -> Dialects.load(dir.resolve("nope")))
                .hasMessage(dir.resolve("nope") + ":0: not a directory");
    }
}
