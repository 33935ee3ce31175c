package io.exectrace.events;

import static io.exectrace.events.Records.invalid;
import static io.exectrace.events.Records.telemetry;
import static io.exectrace.events.Records.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryDialectTest {

    private static long micros(final String instant) {
        final Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
    }

    @Test
    void contractExampleOrder() {
        final ExecutionEvent e = valid("{\"ts\": \"2025-12-20T10:00:00.150Z\", \"session_id\": \"golden_ok_001\", "
                + "\"symbol\": \"BTC-USD\", \"mode\": \"PAPER\", \"kind\": \"order\", "
                + "\"payload\": {\"order_id\": \"order_001\", \"intent_id\": \"intent_001\", \"side\": \"BUY\", "
                + "\"quantity\": 0.5, \"order_type\": \"MARKET\"}}");

        assertThat(e.tsMicros()).isEqualTo(micros("2025-12-20T10:00:00.150Z"));
        assertThat(e.sessionId()).isEqualTo("golden_ok_001");
        assertThat(e.stage()).isEqualTo(Stage.SUBMIT);
        assertThat(e.dialect()).isEqualTo(Dialect.TELEMETRY_V1);
        assertThat(e.mode()).isEqualTo("paper");
        assertThat(e.symbol()).isEqualTo("BTC-USD");
        assertThat(e.side()).isEqualTo(Side.BUY);
        assertThat(e.orderId()).isEqualTo("order_001");
        assertThat(e.intentId()).isEqualTo("intent_001");
        assertThat(e.quantity()).isEqualTo(0.5);
        assertThat(e.orderType()).isEqualTo("MARKET");
        assertThat(e.price()).isNaN();
        assertThat(e.fee()).isNaN();
        assertThat(e.notional()).isNaN();
        assertThat(e.reportedLatencyMs()).isNaN();
        assertThat(e.exchange()).isNull();
        assertThat(e.brokerOrderId()).isNull();
        assertThat(e.qualityFlags()).isZero();
    }

    @Test
    void peakTradeFillWithoutOrderIdAndPythonIsoformat() {
        final ExecutionEvent e = valid("{\"ts\": \"2025-12-20T09:30:45.123456+00:00\", \"session_id\": \"session_123\", "
                + "\"symbol\": \"BTC-USD\", \"mode\": \"paper\", \"kind\": \"fill\", "
                + "\"payload\": {\"filled_quantity\": 1.0, \"fill_price\": 100020.0, \"fill_fee\": 10.0}}");

        assertThat(e.tsMicros()).isEqualTo(micros("2025-12-20T09:30:45.123456Z"));
        assertThat(e.stage()).isEqualTo(Stage.FILL);
        assertThat(e.orderId()).isNull();
        assertThat(e.quantity()).isEqualTo(1.0);
        assertThat(e.price()).isEqualTo(100020.0);
        assertThat(e.fee()).isEqualTo(10.0);
        assertThat(e.side()).isEqualTo(Side.UNKNOWN);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            intent | ''                                   | INTENT
            order  | ''                                   | SUBMIT
            fill   | ''                                   | FILL
            error  | '"error": "boom"'                    | ERROR
            gate   | '"decision": "ALLOW"'                | GATE_PASS
            gate   | '"decision": "allow"'                | GATE_PASS
            gate   | '"decision": "BLOCK"'                | RISK_BLOCK
            gate   | '"decision": "Block"'                | RISK_BLOCK
            gate   | '"passed": true'                     | GATE_PASS
            gate   | '"passed": false'                    | RISK_BLOCK
            gate   | '"decision": "ALLOW", "passed": true'| GATE_PASS
            gate   | '"decision": "MAYBE", "passed": false'| RISK_BLOCK
            ORDER  | ''                                   | SUBMIT
            Intent | ''                                   | INTENT
            """)
    void kindMapsToStage(final String kind, final String payload, final Stage expected) {
        assertThat(valid(telemetry(kind, payload)).stage()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''                                     | gate without a readable decision or passed
            '"decision": "MAYBE"'                  | gate without a readable decision or passed
            '"passed": "true"'                     | gate without a readable decision or passed
            '"decision": null, "passed": null'     | gate without a readable decision or passed
            '"decision": "ALLOW", "passed": false' | gate decision and passed disagree
            '"decision": "BLOCK", "passed": true'  | gate decision and passed disagree
            """)
    void gateWithoutOneClearVerdictIsInvalid(final String payload, final String detail) {
        final ParseResult.Invalid result = invalid(telemetry("gate", payload));
        assertThat(result.reason()).isEqualTo(ParseErrorReason.UNKNOWN_KIND);
        assertThat(result.detail()).isEqualTo(detail);
        assertThat(result.sessionHint()).isEqualTo("s1");
    }

    @Test
    void gateCarriesNameAndReason() {
        final ExecutionEvent block = valid(telemetry("gate",
                "\"gate_name\": \"MinNotional\", \"decision\": \"BLOCK\", \"reason\": \"notional below 10\""));
        assertThat(block.stage()).isEqualTo(Stage.RISK_BLOCK);
        assertThat(block.gateName()).isEqualTo("MinNotional");
        assertThat(block.reason()).isEqualTo("notional below 10");

        final ExecutionEvent pass = valid(telemetry("gate", "\"gate\": \"LotSize\", \"passed\": true"));
        assertThat(pass.gateName()).isEqualTo("LotSize");
        assertThat(pass.reason()).isNull();
    }

    @Test
    void gateNameBeatsGateWhateverTheOrder() {
        assertThat(valid(telemetry("gate", "\"gate\": \"a\", \"gate_name\": \"b\", \"passed\": true")).gateName())
                .isEqualTo("b");
        assertThat(valid(telemetry("gate", "\"gate_name\": \"b\", \"gate\": \"a\", \"passed\": true")).gateName())
                .isEqualTo("b");
    }

    @ParameterizedTest
    @CsvSource({"order_id", "client_id", "client_order_id"})
    void orderIdUnderEveryName(final String name) {
        assertThat(valid(telemetry("order", "\"" + name + "\": \"c-1\"")).orderId()).isEqualTo("c-1");
        assertThat(valid(telemetry("fill", "\"" + name + "\": \"c-2\"")).orderId()).isEqualTo("c-2");
        assertThat(valid(telemetry("error", "\"" + name + "\": \"c-3\"")).orderId()).isEqualTo("c-3");
    }

    @Test
    void orderIdNamesRankIndependentlyOfOrder() {
        assertThat(valid(telemetry("order", "\"client_id\": \"a\", \"client_order_id\": \"b\", \"order_id\": \"c\""))
                .orderId()).isEqualTo("c");
        assertThat(valid(telemetry("order", "\"order_id\": \"c\", \"client_order_id\": \"b\", \"client_id\": \"a\""))
                .orderId()).isEqualTo("c");
        assertThat(valid(telemetry("order", "\"client_id\": \"a\", \"client_order_id\": \"b\"")).orderId())
                .isEqualTo("b");
    }

    @Test
    void intentPayload() {
        final ExecutionEvent e = valid(telemetry("intent", "\"intent_id\": \"i-1\", \"side\": \"sell\", "
                + "\"quantity\": 2, \"current_price\": 101.5, \"strategy_key\": \"ma_cross\""));
        assertThat(e.stage()).isEqualTo(Stage.INTENT);
        assertThat(e.intentId()).isEqualTo("i-1");
        assertThat(e.side()).isEqualTo(Side.SELL);
        assertThat(e.quantity()).isEqualTo(2.0);
        assertThat(e.price()).isEqualTo(101.5);
        assertThat(e.strategyId()).isEqualTo("ma_cross");
    }

    @ParameterizedTest
    @CsvSource({"BUY,BUY", "buy,BUY", "Sell,SELL", "sElL,SELL", "short,UNKNOWN", "'',UNKNOWN", "BUYER,UNKNOWN"})
    void sideInAnyCase(final String side, final Side expected) {
        assertThat(valid(telemetry("order", "\"side\": \"" + side + "\"")).side()).isEqualTo(expected);
    }

    @Test
    void limitOrderPayload() {
        final ExecutionEvent e = valid(telemetry("order", "\"client_id\": \"c-9\", \"side\": \"BUY\", "
                + "\"quantity\": 0.25, \"order_type\": \"LIMIT\", \"limit_price\": 99000.0"));
        assertThat(e.orderId()).isEqualTo("c-9");
        assertThat(e.intentId()).isNull();
        assertThat(e.orderType()).isEqualTo("LIMIT");
        assertThat(e.price()).isEqualTo(99000.0);
        assertThat(e.quantity()).isEqualTo(0.25);
    }

    @Test
    void fillPayloadUsesFilledQuantityAndFillPrice() {
        final ExecutionEvent e = valid(telemetry("fill", "\"order_id\": \"o-1\", \"quantity\": 1.0, "
                + "\"filled_quantity\": 0.4, \"fill_price\": 100.0, \"limit_price\": 101.0, "
                + "\"fill_notional\": 40.0, \"fill_fee\": 0.04"));
        assertThat(e.quantity()).isEqualTo(0.4);
        assertThat(e.price()).isEqualTo(100.0);
        assertThat(e.notional()).isEqualTo(40.0);
        assertThat(e.fee()).isEqualTo(0.04);
    }

    @Test
    void errorPayload() {
        final ExecutionEvent e = valid(telemetry("error",
                "\"error\": \"exchange timeout\", \"intent_id\": \"i-3\", \"order_id\": \"o-3\""));
        assertThat(e.stage()).isEqualTo(Stage.ERROR);
        assertThat(e.message()).isEqualTo("exchange timeout");
        assertThat(e.intentId()).isEqualTo("i-3");
        assertThat(e.orderId()).isEqualTo("o-3");
    }

    @Test
    void payloadValueBeatsTopLevelValueWhateverTheOrder() {
        final String before = "{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"s\", \"kind\": \"order\", "
                + "\"order_id\": \"top\", \"payload\": {\"client_id\": \"inner\"}}";
        final String after = "{\"payload\": {\"client_id\": \"inner\"}, \"order_id\": \"top\", "
                + "\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"s\", \"kind\": \"order\"}";
        assertThat(valid(before).orderId()).isEqualTo("inner");
        assertThat(valid(after).orderId()).isEqualTo("inner");
    }

    @ParameterizedTest
    @CsvSource({"PAPER,paper", "paper,paper", "Shadow,shadow", "LIVE,live", "BackTest,backtest", "Staging,staging",
        "ÜBUNG,übung"})
    void modeIsLowerCased(final String mode, final String expected) {
        final String line = "{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"s\", \"mode\": \"" + mode
                + "\", \"kind\": \"intent\", \"payload\": {}}";
        assertThat(valid(line).mode()).isEqualTo(expected);
    }

    @Test
    void absentOrEmptyValuesAreNull() {
        final ExecutionEvent e = valid("{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"s\", \"mode\": \"\", "
                + "\"kind\": \"intent\", \"symbol\": null, \"payload\": {\"intent_id\": \"\", \"quantity\": null}}");
        assertThat(e.mode()).isNull();
        assertThat(e.symbol()).isNull();
        assertThat(e.intentId()).isNull();
        assertThat(e.quantity()).isNaN();
        assertThat(e.qualityFlags()).isZero();
    }

    @Test
    void payloadThatIsNotAnObjectIsIgnored() {
        final ExecutionEvent e = valid("{\"ts\": \"2025-12-20T10:00:00Z\", \"session_id\": \"s\", "
                + "\"kind\": \"fill\", \"payload\": [1, {\"order_id\": \"x\"}]}");
        assertThat(e.stage()).isEqualTo(Stage.FILL);
        assertThat(e.orderId()).isNull();
    }

    @Test
    void unknownFieldsAndNestedValuesAreSkipped() {
        final ExecutionEvent e = valid("{\"extra\": {\"a\": [1, 2, {\"b\": null}]}, \"ts\": \"2025-12-20T10:00:00Z\", "
                + "\"session_id\": \"s\", \"kind\": \"order\", \"v\": 3, "
                + "\"payload\": {\"meta\": {\"order_id\": \"nested-not-read\"}, \"order_id\": \"o-1\", \"tags\": []}}");
        assertThat(e.orderId()).isEqualTo("o-1");
    }
}
