package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading the chains answer of docs/api.md. */
class ChainsPageTest {

    @Test
    void readsIdsOutcomesAndTheNextCursor() {
        final ChainsPage page = ChainsPage.parse("{\"session_id\":\"s\",\"count\":2,\"chains\":["
                + "{\"chain_id\":\"c1\",\"intent_id\":\"i1\",\"order_id\":\"o1\",\"symbol\":\"PROBE-USD\","
                + "\"outcome\":\"filled\",\"close_ts\":\"2026-11-24T10:00:01Z\",\"latency_ms\":{\"intent_to_fill\":1.0}},"
                + "{\"chain_id\":\"c2\",\"intent_id\":\"i2\",\"outcome\":\"missing_order\"}],"
                + "\"next_cursor\":\"MTc2NDoxMg\"}");

        assertThat(page.chains()).containsExactly(new ChainsPage.Chain("i1", "o1", "filled", null),
                new ChainsPage.Chain("i2", null, "missing_order", null));
        assertThat(page.nextCursor()).isEqualTo("MTc2NDoxMg");
    }

    @Test
    void theLastPageHasNoNextCursor() {
        final ChainsPage page = ChainsPage.parse("{\"session_id\":\"s\",\"count\":0,\"chains\":[],\"next_cursor\":null}");

        assertThat(page.chains()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void anAnswerThatIsNoChainsPageIsAnError() {
        assertThatThrownBy(() -> ChainsPage.parse("<html>")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no JSON");
        assertThatThrownBy(() -> ChainsPage.parse("{\"error\":\"not_found\"}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no chains array");
    }
}
