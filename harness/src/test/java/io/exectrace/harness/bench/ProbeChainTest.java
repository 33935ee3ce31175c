package io.exectrace.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.events.Stage;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.correlation.SessionAnalyzer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe chains are what the pipeline links into one filled chain, and close the way each case relies on. */
class ProbeChainTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private final ExecutionEventParser parser = new ExecutionEventParser();
    private final List<ClosedChain> closed = new ArrayList<>();
    private final SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(), closed::add);

    @Test
    void linesParseAsIntentSubmitAndFullFillWithTheProbesIds() {
        final ProbeChain chain = ProbeChain.numbered("bench-freshness-busy", "busy", 7);

        final ExecutionEvent intent = event(chain.intent(T0));
        final ExecutionEvent submit = event(chain.submit(T0));
        final ExecutionEvent fill = event(chain.fill(T0));

        assertThat(List.of(intent.stage(), submit.stage(), fill.stage()))
                .containsExactly(Stage.INTENT, Stage.SUBMIT, Stage.FILL);
        assertThat(List.of(intent.sessionId(), submit.sessionId(), fill.sessionId())).containsOnly(chain.sessionId());
        assertThat(intent.intentId()).isEqualTo(submit.intentId()).isEqualTo("probe-intent-busy-7");
        assertThat(submit.orderId()).isEqualTo(fill.orderId()).isEqualTo("probe-order-busy-7");
        assertThat(fill.quantity()).isEqualTo(submit.quantity());
        assertThat(intent.tsMicros()).isEqualTo(T0.toEpochMilli() * 1000);
    }

    @Test
    void probesOfOneSessionHaveIdsAndBytesOfTheirOwn() {
        final ProbeChain one = ProbeChain.numbered("s", "busy", 1);
        final ProbeChain two = ProbeChain.numbered("s", "busy", 2);

        assertThat(two.intentId()).isNotEqualTo(one.intentId());
        assertThat(two.orderId()).isNotEqualTo(one.orderId());
        assertThat(event(two.fill(T0)).fingerprint()).isNotEqualTo(event(one.fill(T0)).fingerprint());
    }

    @Test
    void aBusyChainClosesFilledWhenTheNextChainMovesTheSessionClockPastTheSettleTime() {
        final ProbeChain first = ProbeChain.numbered("busy", "busy", 1);
        final ProbeChain next = ProbeChain.numbered("busy", "busy", 2);
        accept(first.intent(T0), first.submit(T0), first.fill(T0.plusMillis(1)));
        assertThat(closed).as("an ended chain waits out the settle time").isEmpty();

        accept(next.intent(T0.plusSeconds(2)));

        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).outcome()).isEqualTo(ChainOutcome.FILLED);
        assertThat(closed.get(0).orderId()).isEqualTo(first.orderId());
        assertThat(closed.get(0).intentId()).isEqualTo(first.intentId());
    }

    @Test
    void aSilentChainStaysOpenOnTheEventClockAndClosesFilledWhenItsSessionIsClosed() {
        final ProbeChain silent = ProbeChain.numbered("bench-freshness-silent-1", "silent", 1);
        accept(silent.intent(T0), silent.submit(T0), silent.fill(T0));
        assertThat(closed).isEmpty();

        analyzer.closeAll();

        assertThat(closed).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(ChainOutcome.FILLED);
            assertThat(c.orderId()).isEqualTo(silent.orderId());
        });
    }

    private void accept(final byte[]... lines) {
        for (final byte[] line : lines) {
            analyzer.accept(event(line), T0.toEpochMilli());
        }
    }

    private ExecutionEvent event(final byte[] line) {
        final ParseResult result = parser.parse(line);
        assertThat(result).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).event();
    }
}
