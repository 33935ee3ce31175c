package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The FIFO PnL as the session summary keeps it: which order fills enter in (fixtures/README.md, "FIFO PnL"), and
 * values written before fills kept their prices.
 */
class SymbolPnlTest {
    private static final double EXACT = 1e-9;

    @Test
    void aChainsFillsEnterInEventTimeOrderWhateverOrderTheyArrivedIn() {
        final SessionAnalyzer a = new SessionAnalyzer(CorrelationSettings.defaults(), c -> { });
        a.accept(Ev.submit(0).orderId("o1").symbol("X-EUR").sell().qty(2).build(), 1);
        a.accept(Ev.fill(10).orderId("o1").symbol("X-EUR").qty(1).price(100).build(), 1);
        a.accept(Ev.fill(30).orderId("o1").symbol("X-EUR").qty(1).price(102).build(), 1);
        a.accept(Ev.submit(40).orderId("o2").symbol("X-EUR").buy().qty(1.5).build(), 1);
        // arrives first, filled later: the 0.5 @ 95 enters after the 1 @ 90
        a.accept(Ev.fill(60).orderId("o2").symbol("X-EUR").qty(0.5).price(95).build(), 1);
        a.accept(Ev.fill(50).orderId("o2").symbol("X-EUR").qty(1).price(90).build(), 1);
        a.closeAll();
        final SymbolStats s = a.summary("s1").symbolStats().get("X-EUR");
        // short 1 @ 100, 1 @ 102; buy 1 @ 90 closes the first: 10; buy 0.5 @ 95 half the second: 3.5
        assertThat(s.realizedPnl()).isCloseTo(13.5, within(EXACT));
        assertThat(s.position()).isCloseTo(-0.5, within(EXACT));
        assertThat(s.averageCost()).isCloseTo(102, within(EXACT));
    }

    @Test
    void chainsEnterInTheOrderTheyClose() {
        final List<String> closed = new ArrayList<>();
        final SessionAnalyzer a = new SessionAnalyzer(CorrelationSettings.defaults(), c -> closed.add(c.orderId()));
        // o1 (buy 1 @ 100) is filled first but only half; o2 (buy 1 @ 110) fills fully and closes first
        a.accept(Ev.submit(0).orderId("o1").symbol("X-EUR").buy().qty(2).build(), 1);
        a.accept(Ev.fill(10).orderId("o1").symbol("X-EUR").qty(1).price(100).build(), 1);
        a.accept(Ev.submit(20).orderId("o2").symbol("X-EUR").buy().qty(1).build(), 1);
        a.accept(Ev.fill(30).orderId("o2").symbol("X-EUR").qty(1).price(110).build(), 1);
        a.accept(Ev.cancel(120_000).orderId("o1").symbol("X-EUR").build(), 1);
        a.accept(Ev.submit(130_000).orderId("o3").symbol("X-EUR").sell().qty(1).build(), 1);
        a.accept(Ev.fill(130_010).orderId("o3").symbol("X-EUR").qty(1).price(120).build(), 1);
        a.closeAll();
        assertThat(closed).containsExactly("o2", "o1", "o3");
        final SymbolStats s = a.summary("s1").symbolStats().get("X-EUR");
        // the sell closes o2's lot (closed first), not o1's (filled first): (120 - 110) x 1
        assertThat(s.realizedPnl()).isCloseTo(10, within(EXACT));
        assertThat(s.position()).isCloseTo(1, within(EXACT));
        assertThat(s.averageCost()).isCloseTo(100, within(EXACT));
    }

    @Test
    void anOpenChainOfFormat2EntersItsFillsAtItsAveragePrice() {
        final OpenChain c = new OpenChain(1);
        c.attachSubmit(Ev.submit(0).orderId("o1").symbol("X-EUR").buy().qty(2).build());
        c.attachFill(Ev.fill(10).orderId("o1").symbol("X-EUR").qty(1).price(100).build());
        c.attachFill(Ev.fill(20).orderId("o1").symbol("X-EUR").qty(1).price(104).build());
        final CompactWriter w = new CompactWriter(256);
        c.writeTo(w);
        final byte[] v3 = w.toByteArray();
        // format 2 is format 3 without what 3 appended: 2 prices, 2 doubles and a one-byte count
        final byte[] v2 = Arrays.copyOf(v3, v3.length - (2 * 8 + 2 * 8 + 1));
        v2[0] = 2;
        final OpenChain same = OpenChain.read(1, new CompactReader(v3));
        final OpenChain old = OpenChain.read(1, new CompactReader(v2));
        assertThat(old.filledQty).isEqualTo(same.filledQty);
        final FifoLots exact = new FifoLots();
        same.feedFills(exact);
        final FifoLots averaged = new FifoLots();
        old.feedFills(averaged);
        assertThat(exact.lots()).isEqualTo(2);
        assertThat(averaged.lots()).isEqualTo(1);
        assertThat(averaged.position()).isEqualTo(exact.position()).isEqualTo(2.0);
        assertThat(averaged.averageCost()).isCloseTo(exact.averageCost(), within(EXACT)).isCloseTo(102, within(EXACT));
    }

    @Test
    void aSummaryOfFormat2ReadsWithAnEmptyFifo() {
        final SessionAnalyzer a = new SessionAnalyzer(CorrelationSettings.defaults(), c -> { });
        a.accept(Ev.submit(0).orderId("o1").symbol("X-EUR").buy().qty(1).build(), 1);
        a.accept(Ev.fill(10).orderId("o1").symbol("X-EUR").qty(1).price(100).fee(0.5).build(), 1);
        a.closeAll();
        final byte[] v3 = a.summary("s1").encode();
        // one symbol, last in the encoding: its FIFO is the tail (skipped, realized, its error, sign, count, 1 lot)
        final byte[] v2 = Arrays.copyOf(v3, v3.length - (1 + 8 + 8 + 1 + 1 + 16));
        v2[0] = 2;
        final SessionSummary old = SessionSummary.decode(v2);
        final SymbolStats s = old.symbolStats().get("X-EUR");
        assertThat(s.fills()).isEqualTo(1);
        assertThat(s.fees()).isEqualTo(0.5);
        assertThat(s.position()).isZero();
        assertThat(s.realizedPnl()).isZero();
        assertThat(s.realizedPnlNet()).isEqualTo(-0.5);
        assertThat(s.averageCost()).isNaN();
        assertThat(a.summary("s1").symbolStats().get("X-EUR").position()).isEqualTo(1.0);
    }
}
