package io.exectrace.events;

import static io.exectrace.events.Records.invalid;
import static io.exectrace.events.Records.ledger;
import static io.exectrace.events.Records.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerDialectTest {

    @Test
    void contractExampleAck() {
        final ExecutionEvent e = valid("{\"ts\": \"2025-12-20T10:00:01.250000+00:00\", \"mode\": \"shadow\", "
                + "\"run_id\": \"run-7\", \"stage\": \"ack\", \"strategy_id\": \"s1\", \"symbol\": \"BTC-EUR\", "
                + "\"exchange\": \"kraken\", \"intent_id\": \"i-1\", \"client_order_id\": \"c-1\", "
                + "\"broker_order_id\": \"k-9\", \"correlation_id\": \"t-1\", \"status\": \"acked\", \"qty\": 1.0, "
                + "\"price\": 123.4, \"fee\": 0.0, \"reason\": \"\", \"latency_ms\": 12.5}");

        final Instant ts = Instant.parse("2025-12-20T10:00:01.250Z");
        assertThat(e.tsMicros()).isEqualTo(ts.getEpochSecond() * 1_000_000L + 250_000L);
        assertThat(e.sessionId()).isEqualTo("run-7");
        assertThat(e.stage()).isEqualTo(Stage.ACK);
        assertThat(e.dialect()).isEqualTo(Dialect.LEDGER_V1);
        assertThat(e.mode()).isEqualTo("shadow");
        assertThat(e.strategyId()).isEqualTo("s1");
        assertThat(e.symbol()).isEqualTo("BTC-EUR");
        assertThat(e.exchange()).isEqualTo("kraken");
        assertThat(e.intentId()).isEqualTo("i-1");
        assertThat(e.orderId()).isEqualTo("c-1");
        assertThat(e.brokerOrderId()).isEqualTo("k-9");
        assertThat(e.correlationId()).isEqualTo("t-1");
        assertThat(e.status()).isEqualTo("acked");
        assertThat(e.quantity()).isEqualTo(1.0);
        assertThat(e.price()).isEqualTo(123.4);
        assertThat(e.fee()).isEqualTo(0.0);
        assertThat(e.reason()).isNull();
        assertThat(e.reportedLatencyMs()).isEqualTo(12.5);
        assertThat(e.side()).isEqualTo(Side.UNKNOWN);
        assertThat(e.qualityFlags()).isZero();
    }

    @Test
    void seedIntentLine() {
        final ExecutionEvent e = valid("{\"ts\":\"2025-12-20T10:00:00Z\", \"mode\":\"shadow\", \"run_id\":\"r\", "
                + "\"stage\":\"intent\", \"strategy_id\":\"st\", \"symbol\":\"ETH-EUR\", \"intent_id\":\"i\", "
                + "\"client_order_id\":\"c\", \"status\":\"created\", \"qty\":1.0, \"price\":123.4, \"fee\":0.0, "
                + "\"reason\":\"\"}");
        assertThat(e.stage()).isEqualTo(Stage.INTENT);
        assertThat(e.price()).isEqualTo(123.4);
        assertThat(e.status()).isEqualTo("created");
    }

    @ParameterizedTest
    @CsvSource({
        "signal,SIGNAL", "intent,INTENT", "submit,SUBMIT", "ack,ACK", "fill,FILL", "cancel,CANCEL",
        "risk_block,RISK_BLOCK", "error,ERROR", "SUBMIT,SUBMIT", "Risk_Block,RISK_BLOCK"})
    void stageMapsToStage(final String stage, final Stage expected) {
        final ExecutionEvent e = valid(ledger(stage, ""));
        assertThat(e.stage()).isEqualTo(expected);
        assertThat(e.dialect()).isEqualTo(Dialect.LEDGER_V1);
        assertThat(e.sessionId()).isEqualTo("run-7");
    }

    @ParameterizedTest
    @CsvSource({"order", "gate", "gate_pass", "submitted", "''"})
    void stageOutsideTheLedgerVocabularyIsUnknown(final String stage) {
        final ParseResult.Invalid result = invalid(ledger(stage, ""));
        assertThat(result.reason()).isEqualTo(ParseErrorReason.UNKNOWN_KIND);
        assertThat(result.detail()).startsWith("unknown stage");
        assertThat(result.sessionHint()).isEqualTo("run-7");
    }

    @Test
    void sideWhenPresent() {
        assertThat(valid(ledger("submit", ", \"side\": \"SELL\"")).side()).isEqualTo(Side.SELL);
        assertThat(valid(ledger("submit", ", \"side\": \"short\"")).side()).isEqualTo(Side.UNKNOWN);
    }

    @Test
    void fillUsesQtyAndPrice() {
        final ExecutionEvent e = valid(ledger("fill", ", \"client_order_id\": \"c-1\", \"qty\": 0.3, "
                + "\"price\": 50.5, \"fee\": 0.01"));
        assertThat(e.quantity()).isEqualTo(0.3);
        assertThat(e.price()).isEqualTo(50.5);
        assertThat(e.fee()).isEqualTo(0.01);
    }

    @Test
    void riskBlockReasonAndCancel() {
        assertThat(valid(ledger("risk_block", ", \"reason\": \"max_exposure\"")).reason()).isEqualTo("max_exposure");
        assertThat(valid(ledger("cancel", ", \"reason\": \"user\", \"status\": \"cancelled\"")).status())
                .isEqualTo("cancelled");
    }

    @Test
    void sessionIdWinsOverRunId() {
        assertThat(valid(ledger("ack", ", \"session_id\": \"sess\"")).sessionId()).isEqualTo("sess");
    }

    @Test
    void runIdServesWhenSessionIdIsUnusable() {
        assertThat(valid(ledger("ack", ", \"session_id\": 42")).sessionId()).isEqualTo("run-7");
        assertThat(valid(ledger("ack", ", \"session_id\": \" \"")).sessionId()).isEqualTo("run-7");
    }

    @Test
    void bothKindAndStageIsAmbiguous() {
        final ParseResult.Invalid result = invalid(ledger("submit", ", \"kind\": \"order\""));
        assertThat(result.reason()).isEqualTo(ParseErrorReason.UNKNOWN_KIND);
        assertThat(result.detail()).contains("both kind and stage");
        assertThat(result.sessionHint()).isEqualTo("run-7");
    }
}
