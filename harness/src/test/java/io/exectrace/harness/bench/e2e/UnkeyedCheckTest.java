package io.exectrace.harness.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.harness.chaos.InputKeying;
import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.correlation.SessionAnalyzer;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.ingest.SessionInput;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The check of {@code bench e2e --key none|order|constant}: the parse errors expected per session for input keyed
 * otherwise than by session, against summaries computed by the pipeline's own correlation code (no Kafka).
 */
class UnkeyedCheckTest {
    private static final SynthSettings INPUT =
            SynthSettings.defaults(7, 1_766_217_600_000_000L).withSessions(20).withMaxLines(6_000);

    @Test
    void keyedBySessionEveryInvalidLineCountsForItsSession() {
        final ExpectedTotals expected = expectedTotals();
        final ExpectedParseErrors parseErrors = ExpectedParseErrors.of(INPUT, InputKeying.SESSION);
        assertThat(parseErrors.unassigned()).isZero();
        expected.sessions().forEach(session -> assertThat(parseErrors.bySession().getOrDefault(session.sessionId(), 0L))
                .as(session.sessionId()).isEqualTo(session.invalid()));
    }

    @Test
    void unkeyedSomeInvalidLinesNameNoSessionAndTheCheckExpectsThat() {
        final ExpectedTotals expected = expectedTotals();
        final ExpectedParseErrors parseErrors = ExpectedParseErrors.of(INPUT, InputKeying.NONE);
        final long assigned = parseErrors.bySession().values().stream().mapToLong(Long::longValue).sum();
        assertThat(assigned + parseErrors.unassigned()).isEqualTo(expected.invalid());
        assertThat(parseErrors.unassigned()).as("invalid lines the parser cannot read a session from").isPositive();

        final Map<String, SessionSummary> summaries = summaries(InputKeying.NONE);
        assertThat(SummaryCheck.differences(expected, summaries, parseErrors.bySession())).isEmpty();
        assertThat(SummaryCheck.differences(expected, summaries)).as("the keyed expectation does not hold")
                .isNotEmpty().allMatch(difference -> difference.contains("parse errors"));
    }

    @Test
    void aConstantKeyIsASessionOfItsOwnWithOnlyParseErrors() {
        final ExpectedTotals expected = expectedTotals();
        final ExpectedParseErrors parseErrors = ExpectedParseErrors.of(INPUT, InputKeying.CONSTANT);
        assertThat(parseErrors.bySession()).containsOnlyKeys(InputKeying.CONSTANT_KEY);
        assertThat(parseErrors.bySession().get(InputKeying.CONSTANT_KEY)).isEqualTo(expected.invalid());
        assertThat(SummaryCheck.differences(expected, summaries(InputKeying.CONSTANT), parseErrors.bySession()))
                .isEmpty();
    }

    private static ExpectedTotals expectedTotals() {
        final SyntheticSessions generator = new SyntheticSessions(INPUT);
        while (generator.hasNext()) {
            generator.next();
        }
        return generator.expectedTotals();
    }

    /** What the pipeline's summaries are for the input keyed as {@code keying} says, once all of it is processed. */
    private static Map<String, SessionSummary> summaries(final InputKeying keying) {
        final SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(), chain -> { });
        final ExecutionEventParser parser = new ExecutionEventParser();
        final SyntheticSessions generator = new SyntheticSessions(INPUT);
        while (generator.hasNext()) {
            final SyntheticRecord record = generator.next();
            final ParseResult parsed = parser.parse(record.value());
            if (parsed instanceof ParseResult.Valid valid) {
                analyzer.accept(valid.event().sessionId(), SessionInput.valid(valid.event()), 0L);
            } else {
                final ParseResult.Invalid invalid = (ParseResult.Invalid) parsed;
                final String session = keying.sessionOfInvalid(record, invalid);
                if (session != null) {
                    analyzer.accept(session, SessionInput.invalid(invalid.reason()), 0L);
                }
            }
        }
        final Map<String, SessionSummary> summaries = new HashMap<>();
        for (final String session : analyzer.sessionIds()) {
            summaries.put(session, analyzer.summary(session));
        }
        return summaries;
    }
}
