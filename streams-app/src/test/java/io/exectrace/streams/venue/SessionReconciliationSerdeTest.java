package io.exectrace.streams.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.Side;
import io.exectrace.events.VenueFill;
import io.exectrace.streams.reconciliation.FillFacts;
import io.exectrace.streams.reconciliation.ReconciliationResult;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionReconciliationSerdeTest {
    private static final SessionReconciliationSerde SERDE = new SessionReconciliationSerde();

    private static FillDecision mismatch(final long decidedMillis) {
        final VenueFill venue = new VenueFill(1_766_239_200_398_100L, "kraken", "OUF4EM", "c-0001", "T1", "BTC-EUR",
                Side.BUY, 0.25, 92_010.0, 59.95, "EUR");
        final FillFacts ours = new FillFacts(1_766_239_200_398_000L, null, new BigDecimal("0.25"),
                new BigDecimal("92010"), new BigDecimal("59.81"), 5L);
        return new FillDecision("s1", "OUF4EM", "c-0001", "live", "kraken", ReconciliationResult.FEE_MISMATCH, ours,
                venue, 1_500L, decidedMillis);
    }

    @Test
    void keepsTheLatestDecisionTime() {
        final SessionReconciliation value = SessionReconciliation.empty().with(mismatch(1_000_000L))
                .with(mismatch(900_000L));
        assertThat(value.lastDecidedMillis()).isEqualTo(1_000_000L);
        final SessionReconciliation back = SERDE.deserializer().deserialize("t", SERDE.serializer().serialize("t", value));
        assertThat(back.lastDecidedMillis()).isEqualTo(1_000_000L);
        assertThat(back.counts()).isEqualTo(value.counts());
        assertThat(back.differences()).isEqualTo(value.differences());
        assertThat(back.lagMaxMillis()).isEqualTo(1_500L);
        assertThat(back.lagSumMillis()).isEqualTo(3_000L);
    }

    /** The first format (no decision time, the count of results first) is still read: its time is unknown. */
    @Test
    void readsTheFirstFormat() {
        final ByteBuffer first = ByteBuffer.allocate(1 + 6 * 8 + 3 * 8 + 1);
        first.put((byte) 6);
        for (final long count : new long[] {4, 0, 0, 1, 0, 0}) {
            first.putLong(count);
        }
        first.putLong(2_000L).putLong(5_000L).putLong(0L);
        first.put((byte) 0);      // no differences kept
        final SessionReconciliation read = SERDE.deserializer().deserialize("t", first.array());
        assertThat(read.lastDecidedMillis()).isEqualTo(SessionReconciliation.UNKNOWN_TIME);
        assertThat(read.count(ReconciliationResult.MATCHED)).isEqualTo(4);
        assertThat(read.decisions()).isEqualTo(5);
        assertThat(read.lagMaxMillis()).isEqualTo(2_000L);
        assertThat(read.differences()).isEqualTo(List.of());
    }
}
