package io.exectrace.events;

import static io.exectrace.events.Records.invalid;
import static io.exectrace.events.Records.valid;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dialect C, Peak_Trade's execution_event.v1, read by the built-in parser. */
class ExecutionEventDialectTest {

    /** A dialect C line with the given ts text, event type and extra fields (leading comma by the caller). */
    static String line(final String ts, final String eventType, final String extra) {
        return "{\"schema_version\":\"execution_event.v1\",\"ts\":" + ts + ",\"event_type\":\"" + eventType
                + "\",\"run_id\":\"r-001\"" + extra + "}";
    }

    @Test
    void theSchemasOwnFixtureLine() {
        final ExecutionEvent e = valid("{\"schema_version\":\"execution_event.v1\",\"ts\":1700000000.0,"
                + "\"event_type\":\"order_submitted\",\"run_id\":\"r-001\",\"component\":\"execution_pipeline\","
                + "\"order_id\":\"o-1\",\"idempotency_key\":\"k-1\",\"symbol\":\"BTC/EUR\",\"side\":\"buy\","
                + "\"qty\":0.01,\"price\":null,\"status\":\"submitted\",\"extra\":{\"is_testnet\":true}}");
        assertThat(e.dialect()).isEqualTo(Dialect.EXECUTION_EVENT_V1);
        assertThat(e.tsMicros()).isEqualTo(1_700_000_000_000_000L);
        assertThat(e.sessionId()).isEqualTo("r-001");
        assertThat(e.stage()).isEqualTo(Stage.SUBMIT);
        assertThat(e.orderId()).isEqualTo("o-1");
        assertThat(e.symbol()).isEqualTo("BTC-EUR");
        assertThat(e.side()).isEqualTo(Side.BUY);
        assertThat(e.quantity()).isEqualTo(0.01);
        assertThat(e.price()).isNaN();
        assertThat(e.status()).isEqualTo("submitted");
        assertThat(e.qualityFlags()).isZero();
    }

    @Test
    void theSchemasInvalidFixtureLacksRunId() {
        final ParseResult.Invalid bad = invalid("{\"schema_version\":\"execution_event.v1\",\"ts\":1700000000.0,"
                + "\"event_type\":\"order_submitted\",\"order_id\":\"o-1\"}");
        assertThat(bad.reason()).isEqualTo(ParseErrorReason.MISSING_SESSION);
    }

    @ParameterizedTest
    @CsvSource({
        "1700000000.123456, 1700000000123456",
        "1700000000.1234567, 1700000000123456",
        "1700000000.5, 1700000000500000",
        "1700000000, 1700000000000000",
        "1.7000000001e9, 1700000000100000",
        "1766246407.2507, 1766246407250700"})
    void epochSecondsKeepMicroseconds(final String ts, final long micros) {
        assertThat(valid(line(ts, "order_submitted", "")).tsMicros()).isEqualTo(micros);
    }

    @ParameterizedTest
    @CsvSource({
        "\"2023-11-14T22:13:20Z\", ts is not a number but a string",
        "-1700000000.0, unreadable ts -1700000000.0",
        "100.0, unreadable ts 100.0",
        "99999999999.0, unreadable ts 99999999999.0",
        "true, ts is not a number but a boolean"})
    void aTsThatIsNoEpochSecondIsBad(final String ts, final String detail) {
        final ParseResult.Invalid bad = invalid(line(ts, "order_submitted", ""));
        assertThat(bad.reason()).isEqualTo(ParseErrorReason.BAD_TS);
        assertThat(bad.detail()).isEqualTo(detail);
    }

    @ParameterizedTest
    @CsvSource({
        "intent_created, INTENT", "intent_submitted, INTENT", "Intent_Approved, INTENT",
        "order_submitted, SUBMIT",
        "order_acknowledged, ACK", "order_acked, ACK", "acked, ACK",
        "order_filled, FILL", "order_partially_filled, FILL", "partial_fill, FILL", "fill, FILL",
        "order_cancelled, CANCEL", "order_canceled, CANCEL",
        "order_rejected, ERROR", "error, ERROR",
        "risk_blocked, RISK_BLOCK"})
    void eventTypesAreStages(final String eventType, final Stage stage) {
        assertThat(valid(line("1700000000.0", eventType, "")).stage()).isEqualTo(stage);
    }

    @ParameterizedTest
    @CsvSource({"order_expired", "intent_", "intent", "submitted"})
    void unknownEventTypesAreDeadLetters(final String eventType) {
        final ParseResult.Invalid bad = invalid(line("1700000000.0", eventType, ""));
        assertThat(bad.reason()).isEqualTo(ParseErrorReason.UNKNOWN_KIND);
        assertThat(bad.detail()).isEqualTo("unknown event_type \"" + eventType + "\"");
        assertThat(bad.sessionHint()).isEqualTo("r-001");
    }

    @Test
    void noEventTypeIsUnknownKind() {
        final ParseResult.Invalid bad = invalid("{\"schema_version\":\"execution_event.v1\",\"ts\":1700000000.0,"
                + "\"run_id\":\"r-001\"}");
        assertThat(bad.reason()).isEqualTo(ParseErrorReason.UNKNOWN_KIND);
        assertThat(bad.detail()).isEqualTo("no event_type");
    }

    @Test
    void exchangeOrderIdIsTheBrokerOrderIdAndIdempotencyKeyTheClientOrderIdWhenNoOtherIsPresent() {
        final ExecutionEvent keyOnly = valid(line("1700000000.0", "order_acknowledged",
                ",\"idempotency_key\":\"k-1\",\"exchange_order_id\":\"x-1\""));
        assertThat(keyOnly.orderId()).isEqualTo("k-1");
        assertThat(keyOnly.brokerOrderId()).isEqualTo("x-1");

        final ExecutionEvent both = valid(line("1700000000.0", "order_acknowledged",
                ",\"idempotency_key\":\"k-1\",\"order_id\":\"o-1\",\"exchange_order_id\":\"x-1\","
                        + "\"broker_order_id\":\"b-1\""));
        assertThat(both.orderId()).isEqualTo("o-1");
        assertThat(both.brokerOrderId()).isEqualTo("b-1");
        final ExecutionEvent keyLast = valid(line("1700000000.0", "order_acknowledged",
                ",\"order_id\":\"o-1\",\"idempotency_key\":\"k-1\""));
        assertThat(keyLast.orderId()).isEqualTo("o-1");
    }

    @Test
    void slashAndDashSymbolsAreTheSameInEveryDialect() {
        assertThat(valid(line("1700000000.0", "fill", ",\"symbol\":\"BTC/EUR\"")).symbol()).isEqualTo("BTC-EUR");
        assertThat(valid(line("1700000000.0", "fill", ",\"symbol\":\"BTC-EUR\"")).symbol()).isEqualTo("BTC-EUR");
        assertThat(valid(Records.ledger("fill", ",\"symbol\":\"ETH/EUR\"")).symbol()).isEqualTo("ETH-EUR");
    }

    @Test
    void sideIsLowerCaseOrNull() {
        assertThat(valid(line("1700000000.0", "fill", ",\"side\":\"sell\"")).side()).isEqualTo(Side.SELL);
        assertThat(valid(line("1700000000.0", "fill", ",\"side\":null")).side()).isEqualTo(Side.UNKNOWN);
    }

    @Test
    void anotherSchemaVersionIsNotDialectC() {
        final ParseResult.Invalid bad = invalid("{\"schema_version\":\"execution_event.v2\",\"ts\":1700000000.0,"
                + "\"event_type\":\"fill\",\"run_id\":\"r-001\"}");
        assertThat(bad.reason()).isEqualTo(ParseErrorReason.BAD_TS);
    }

    @Test
    void aRecordOfDialectCAndAnotherIsAmbiguous() {
        // Not dialect C, so its ts is read as dialects A and B write it, and only the dialect is wrong.
        final ParseResult.Invalid bad = invalid(line("\"2023-11-14T22:13:20Z\"", "fill", ",\"kind\":\"fill\""));
        assertThat(bad.reason()).isEqualTo(ParseErrorReason.UNKNOWN_KIND);
        assertThat(bad.detail()).isEqualTo("both schema_version execution_event.v1 and kind: dialect is ambiguous");
    }
}
