package io.exectrace.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.Dialect;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.events.Side;
import io.exectrace.events.Stage;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every typed builder, in both dialects, parses with the real parser into the event that was meant. */
class PublishedEventJsonTest {
    private static final Instant AT = Instant.parse("2025-12-20T10:00:00.150123Z");
    private static final long AT_MICROS = 1_766_224_800_150_123L;
    private static final ExecutionEventParser PARSER = new ExecutionEventParser();
    private static ExecutionEventPublisher telemetry;
    private static ExecutionEventPublisher ledger;

    @BeforeAll
    static void publishers() {
        // Nothing listens on port 1: building and rendering must not need Kafka.
        telemetry = publisher(Dialect.TELEMETRY_V1);
        ledger = publisher(Dialect.LEDGER_V1);
    }

    @AfterAll
    static void close() {
        telemetry.close(java.time.Duration.ZERO);
        ledger.close(java.time.Duration.ZERO);
    }

    private static ExecutionEventPublisher publisher(final Dialect dialect) {
        return ExecutionEventPublisher.builder("127.0.0.1:1", "t").session("run-7").mode("Shadow")
                .exchange("kraken").strategy("trend").dialect(dialect).build();
    }

    private static ExecutionEventPublisher of(final Dialect dialect) {
        return dialect == Dialect.TELEMETRY_V1 ? telemetry : ledger;
    }

    private static ExecutionEvent parse(final byte[] json) {
        final ParseResult result = PARSER.parse(json);
        assertThat(result).as(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).event();
    }

    private static void common(final ExecutionEvent e, final Stage stage, final Dialect expectedDialect) {
        assertThat(e.stage()).isEqualTo(stage);
        assertThat(e.dialect()).isEqualTo(expectedDialect);
        assertThat(e.tsMicros()).isEqualTo(AT_MICROS);
        assertThat(e.sessionId()).isEqualTo("run-7");
        assertThat(e.mode()).isEqualTo("shadow");
        assertThat(e.exchange()).isEqualTo("kraken");
        assertThat(e.qualityFlags()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TELEMETRY_V1", "LEDGER_V1"})
    void intent(final Dialect dialect) {
        final ExecutionEvent e = parse(of(dialect).intent("BTC-EUR").at(AT).intentId("i-1").side(Side.BUY)
                .quantity(0.5).price(92_000.25).toJson());
        common(e, Stage.INTENT, dialect);
        assertThat(e.symbol()).isEqualTo("BTC-EUR");
        assertThat(e.intentId()).isEqualTo("i-1");
        assertThat(e.side()).isEqualTo(Side.BUY);
        assertThat(e.quantity()).isEqualTo(0.5);
        assertThat(e.price()).isEqualTo(92_000.25);
        assertThat(e.strategyId()).isEqualTo("trend");
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TELEMETRY_V1", "LEDGER_V1"})
    void submit(final Dialect dialect) {
        final ExecutionEvent e = parse(of(dialect).submit("BTC-EUR").at(AT).intentId("i-1").orderId("c-1")
                .side(Side.SELL).quantity(2).orderType("LIMIT").limitPrice(91_999.5).toJson());
        common(e, Stage.SUBMIT, dialect);
        assertThat(e.intentId()).isEqualTo("i-1");
        assertThat(e.orderId()).isEqualTo("c-1");
        assertThat(e.side()).isEqualTo(Side.SELL);
        assertThat(e.quantity()).isEqualTo(2.0);
        assertThat(e.orderType()).isEqualTo("LIMIT");
        assertThat(e.price()).isEqualTo(91_999.5);
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TELEMETRY_V1", "LEDGER_V1"})
    void ackIsAlwaysLedger(final Dialect dialect) {
        final ExecutionEvent e = parse(of(dialect).ack("BTC-EUR").at(AT).intentId("i-1").orderId("c-1")
                .brokerOrderId("K-9").quantity(0.5).status("acked").reportedLatencyMs(12.5).toJson());
        common(e, Stage.ACK, Dialect.LEDGER_V1);
        assertThat(e.orderId()).isEqualTo("c-1");
        assertThat(e.brokerOrderId()).isEqualTo("K-9");
        assertThat(e.status()).isEqualTo("acked");
        assertThat(e.reportedLatencyMs()).isEqualTo(12.5);
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TELEMETRY_V1", "LEDGER_V1"})
    void fill(final Dialect dialect) {
        final ExecutionEvent e = parse(of(dialect).fill("BTC-EUR").at(AT).orderId("c-1").brokerOrderId("K-9")
                .side(Side.BUY).quantity(0.125).price(92_010).notional(11_501.25).fee(1.15).toJson());
        common(e, Stage.FILL, dialect);
        assertThat(e.orderId()).isEqualTo("c-1");
        assertThat(e.quantity()).isEqualTo(0.125);
        assertThat(e.price()).isEqualTo(92_010.0);
        assertThat(e.notional()).isEqualTo(11_501.25);
        assertThat(e.fee()).isEqualTo(1.15);
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TELEMETRY_V1", "LEDGER_V1"})
    void cancelIsAlwaysLedger(final Dialect dialect) {
        final ExecutionEvent e = parse(of(dialect).cancel("BTC-EUR").at(AT).intentId("i-1").orderId("c-1")
                .reason("user_cancel").toJson());
        common(e, Stage.CANCEL, Dialect.LEDGER_V1);
        assertThat(e.orderId()).isEqualTo("c-1");
        assertThat(e.reason()).isEqualTo("user_cancel");
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TELEMETRY_V1", "LEDGER_V1"})
    void riskBlock(final Dialect dialect) {
        final ExecutionEvent e = parse(of(dialect).riskBlock("BTC-EUR").at(AT).intentId("i-2").gate("MinNotional")
                .reason("min_notional").toJson());
        common(e, Stage.RISK_BLOCK, dialect);
        assertThat(e.intentId()).isEqualTo("i-2");
        assertThat(e.gateName()).isEqualTo("MinNotional");
        assertThat(e.reason()).isEqualTo("min_notional");
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TELEMETRY_V1", "LEDGER_V1"})
    void gatePassIsAlwaysTelemetry(final Dialect dialect) {
        final ExecutionEvent e = parse(of(dialect).gatePass("BTC-EUR", "PriceSanity").at(AT).toJson());
        common(e, Stage.GATE_PASS, Dialect.TELEMETRY_V1);
        assertThat(e.gateName()).isEqualTo("PriceSanity");
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TELEMETRY_V1", "LEDGER_V1"})
    void errorWithTextThatNeedsEscaping(final Dialect dialect) {
        final String message = "rejected: \"insufficient\" funds \\ line\nbreak \u0001 caf\u00e9 \u20ac \uD83D\uDE80";
        final ExecutionEvent e = parse(of(dialect).error(message).at(AT).orderId("c-1").intentId("i-1").toJson());
        common(e, Stage.ERROR, dialect);
        assertThat(e.message()).isEqualTo(message);
        assertThat(e.orderId()).isEqualTo("c-1");
        assertThat(e.intentId()).isEqualTo("i-1");
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"TELEMETRY_V1", "LEDGER_V1"})
    void signalIsAlwaysLedger(final Dialect dialect) {
        final ExecutionEvent e = parse(of(dialect).signal("BTC-EUR").at(AT).correlationId("t-1").quantity(1).toJson());
        common(e, Stage.SIGNAL, Dialect.LEDGER_V1);
        assertThat(e.correlationId()).isEqualTo("t-1");
    }

    @org.junit.jupiter.api.Test
    void thePublisherRefusesADialectItDoesNotWrite() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExecutionEventPublisher.builder("127.0.0.1:1", "t")
                        .dialect(Dialect.EXECUTION_EVENT_V1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the publisher writes dialect TELEMETRY_V1 or LEDGER_V1, not EXECUTION_EVENT_V1");
    }
}
