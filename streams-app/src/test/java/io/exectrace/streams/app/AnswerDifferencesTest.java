package io.exectrace.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link AnswerDifferences} reports, without Kafka: the end-to-end keying test trusts its silence. */
class AnswerDifferencesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void equalAnswersHaveNoDifference() throws Exception {
        final SessionAnswers answers = answers("{\"records\":3,\"latency_ms\":{\"order_to_fill\":{\"p99\":12.5}}}",
                "{\"chain_id\":\"0a\",\"outcome\":\"filled\",\"notional\":41.59}");
        assertThat(AnswerDifferences.of(answers, answers)).isEmpty();
    }

    @Test
    void everyDifferingLeafIsOneDifferenceWithItsPath() throws Exception {
        final List<AnswerDifferences.FieldMismatch> differences = AnswerDifferences.of(
                answers("{\"records\":3,\"latency_ms\":{\"order_to_fill\":{\"p99\":12.5}}}",
                        "{\"chain_id\":\"0a\",\"outcome\":\"filled\"}"),
                answers("{\"records\":3,\"latency_ms\":{\"order_to_fill\":{\"p99\":20.0}}}",
                        "{\"chain_id\":\"0a\",\"outcome\":\"missing_fill\"}", "{\"chain_id\":\"0b\",\"outcome\":\"missing_order\"}"));
        assertThat(differences).containsExactly(
                new AnswerDifferences.FieldMismatch("s1", "latency_ms.order_to_fill.p99", "12.5", "20.0"),
                new AnswerDifferences.FieldMismatch("s1", "chain 0a.outcome", "\"filled\"", "\"missing_fill\""),
                new AnswerDifferences.FieldMismatch("s1", "chain 0b", "(absent)", "1 record(s) [missing_order]"));
    }

    @Test
    void aSessionOnOneSideOnlyIsADifference() throws Exception {
        final SessionAnswers one = answers("{\"records\":1}");
        final SessionAnswers none = new SessionAnswers(Map.of(), Map.of());
        assertThat(AnswerDifferences.of(one, none))
                .containsExactly(new AnswerDifferences.FieldMismatch("s1", "summary", "present", "(absent)"));
    }

    @Test
    void numbersAreEqualWithinTheRelativeToleranceOnly() {
        assertThat(AnswerDifferences.sameNumber("0.21700000000000003", "0.217")).isTrue();
        assertThat(AnswerDifferences.sameNumber("41.59", "41.589999999999996")).isTrue();
        assertThat(AnswerDifferences.sameNumber("0.217", "0.2171")).isFalse();
        assertThat(AnswerDifferences.sameNumber("\"0.217\"", "\"0.217000\"")).isFalse();
    }

    private static SessionAnswers answers(final String summary, final String... chains) throws Exception {
        final List<ObjectNode> chainNodes = new ArrayList<>();
        for (final String chain : chains) {
            chainNodes.add((ObjectNode) JSON.readTree(chain));
        }
        return new SessionAnswers(Map.of("s1", (ObjectNode) JSON.readTree(summary)), Map.of("s1", chainNodes));
    }
}
