package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Stage;
import io.exectrace.streams.json.SessionSummaryJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The FIFO PnL as the session summary keeps it: fills enter in event-time order once the session clock has passed
 * them by the horizon, whatever order their chains closed in (fixtures/README.md, "FIFO PnL"), and values written
 * in older formats.
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
    void fillsEnterInEventTimeOrderNotInTheOrderTheirChainsClose() {
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
        // the sell closes o1's lot (filled first), not o2's (closed first): (120 - 100) x 1
        assertThat(s.realizedPnl()).isCloseTo(20, within(EXACT));
        assertThat(s.position()).isCloseTo(1, within(EXACT));
        assertThat(s.averageCost()).isCloseTo(110, within(EXACT));
        assertThat(s.pnlPendingFills()).isZero();
    }

    @Test
    void aFillPendsUntilTheSessionClockHasPassedItsTimeByTheHorizon() {
        final CorrelationSettings settings = CorrelationSettings.defaults();
        // 60 s order timeout + max(60 s order, 30 s intent timeout) + 4 x 1 s settle
        assertThat(settings.pnlHorizonMicros()).isEqualTo(124_000_000L);
        final SessionAnalyzer a = new SessionAnalyzer(settings, c -> { });
        a.accept(Ev.submit(0).orderId("o1").symbol("X-EUR").buy().qty(1).build(), 1);
        a.accept(Ev.fill(10).orderId("o1").symbol("X-EUR").qty(1).price(100).build(), 1);
        a.accept(Ev.submit(15).orderId("o2").symbol("X-EUR").sell().qty(1).build(), 1);
        a.accept(Ev.fill(20).orderId("o2").symbol("X-EUR").qty(1).price(105).build(), 1);
        // both chains have closed (after waiting the intent timeout for an intent); their fills pend
        a.accept(Ev.of(Stage.SIGNAL).at(40_000).build(), 1);
        final SymbolStats s = a.summary("s1").symbolStats().get("X-EUR");
        assertThat(a.summary("s1").openChains()).isZero();
        assertThat(s.pnlPendingFills()).isEqualTo(2);
        assertThat(s.realizedPnl()).isZero();
        assertThat(s.position()).isZero();
        assertThat(s.averageCost()).isNaN();
        // the clock at exactly fill time + horizon: not passed yet
        a.accept(Ev.of(Stage.SIGNAL).at(124_010).build(), 1);
        assertThat(s.pnlPendingFills()).isEqualTo(2);
        // one microsecond later the buy enters the lots, the sell still pends
        a.accept(Ev.of(Stage.SIGNAL).at(124_010.001).build(), 1);
        assertThat(s.pnlPendingFills()).isEqualTo(1);
        assertThat(s.realizedPnl()).isZero();
        assertThat(s.position()).isZero();
        a.accept(Ev.of(Stage.SIGNAL).at(124_020.001).build(), 1);
        assertThat(s.pnlPendingFills()).isZero();
        assertThat(s.realizedPnl()).isEqualTo(5.0);
        assertThat(s.position()).isZero();
    }

    @Test
    void positionAndCostIncludePendingFillsInTheirOrder() {
        final SessionAnalyzer a = new SessionAnalyzer(CorrelationSettings.defaults(), c -> { });
        a.accept(Ev.submit(0).orderId("o1").symbol("X-EUR").buy().qty(2).build(), 1);
        a.accept(Ev.fill(10).orderId("o1").symbol("X-EUR").qty(2).price(100).build(), 1);
        a.accept(Ev.submit(30).orderId("o2").symbol("X-EUR").sell().qty(1).build(), 1);
        a.accept(Ev.fill(40).orderId("o2").symbol("X-EUR").qty(1).price(90).build(), 1);
        a.accept(Ev.submit(50).orderId("o3").symbol("X-EUR").buy().qty(1).build(), 1);
        a.accept(Ev.fill(60).orderId("o3").symbol("X-EUR").qty(1).price(130).build(), 1);
        a.accept(Ev.of(Stage.SIGNAL).at(40_000).build(), 1);
        final SymbolStats s = a.summary("s1").symbolStats().get("X-EUR");
        assertThat(s.pnlPendingFills()).isEqualTo(3);
        assertThat(s.realizedPnl()).isZero();
        // long 2 @ 100, sell 1 leaves 1 @ 100, buy 1 @ 130: 2 @ 115
        assertThat(s.position()).isEqualTo(2.0);
        assertThat(s.averageCost()).isEqualTo(115.0);
        final SessionSummary copy = SessionSummary.decode(a.summary("s1").encode());
        final SymbolStats read = copy.symbolStats().get("X-EUR");
        assertThat(read.pnlPendingFills()).isEqualTo(3);
        assertThat(read.averageCost()).isEqualTo(115.0);
        a.closeAll();
        assertThat(s.pnlPendingFills()).isZero();
        assertThat(s.realizedPnl()).isEqualTo(-10.0);
        assertThat(s.position()).isEqualTo(2.0);
        assertThat(s.averageCost()).isEqualTo(115.0);
    }

    @Test
    void theSameFillsClosedInAnotherOrderGiveTheSameNumbersBitForBit() {
        // file-style: event clock only, o2 (ended at 30 ms) closes before o1 (ended at 500 ms)
        final List<String> fileOrder = new ArrayList<>();
        final SessionAnalyzer file = new SessionAnalyzer(CorrelationSettings.defaults(),
                c -> fileOrder.add(c.orderId()));
        // stream-style: ended chains also settle on the arrival clock, where o1 ended first
        final List<String> streamOrder = new ArrayList<>();
        final SessionAnalyzer stream = new SessionAnalyzer(CorrelationSettings.defaults(),
                new InMemorySessionStates(), c -> streamOrder.add(c.orderId()), true);
        final List<ExecutionEvent> events = List.of(
                Ev.intent(0).intentId("i1").symbol("X-EUR").buy().qty(2).build(),
                Ev.submit(0).intentId("i1").orderId("o1").symbol("X-EUR").buy().qty(2).build(),
                Ev.fill(10).orderId("o1").symbol("X-EUR").qty(1).price(100.1).build(),
                Ev.intent(20).intentId("i2").symbol("X-EUR").buy().qty(1).build(),
                Ev.submit(20).intentId("i2").orderId("o2").symbol("X-EUR").buy().qty(1).build(),
                Ev.cancel(500).orderId("o1").symbol("X-EUR").build(),
                Ev.fill(30).orderId("o2").symbol("X-EUR").qty(1).price(110.3).fee(0.1).build());
        long wall = 1_000;
        for (final ExecutionEvent e : events) {
            file.accept(e, 1);
            stream.accept(e, wall);
            wall += 500;
        }
        // o1's cancel arrived at 3.5 s, o2's fill at 4 s: each settles 1 s later
        stream.settleAndReport(4_600, o -> { });
        stream.settleAndReport(5_100, o -> { });
        wall = 6_000;
        for (final ExecutionEvent e : List.of(
                Ev.submit(200_000).orderId("o3").symbol("X-EUR").sell().qty(1.5).build(),
                Ev.fill(200_010).orderId("o3").symbol("X-EUR").qty(1.5).price(120.7).build())) {
            file.accept(e, 1);
            stream.accept(e, wall);
            wall += 500;
        }
        assertThat(fileOrder).containsExactly("o2", "o1");
        assertThat(streamOrder).containsExactly("o1", "o2");
        // mid-session (o3 open, o1's and o2's fills in the lots) and after the end
        assertThat(bySymbol(stream)).isEqualTo(bySymbol(file));
        file.closeAll();
        stream.closeAll();
        assertThat(bySymbol(stream)).isEqualTo(bySymbol(file));
        final SymbolStats s = file.summary("s1").symbolStats().get("X-EUR");
        // sell 1.5 @ 120.7 closes 1 @ 100.1 (filled first) and 0.5 of 1 @ 110.3
        assertThat(s.realizedPnl()).isCloseTo(20.6 + 5.2, within(EXACT));
        assertThat(s.position()).isCloseTo(0.5, within(EXACT));
        assertThat(s.averageCost()).isCloseTo(110.3, within(EXACT));
    }

    private static String bySymbol(final SessionAnalyzer a) {
        return SessionSummaryJson.of(a.summary("s1"), null).path("by_symbol").toString();
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
        final FifoLots exact = fed(same);
        final FifoLots averaged = fed(old);
        assertThat(exact.lots()).isEqualTo(2);
        assertThat(averaged.lots()).isEqualTo(1);
        assertThat(averaged.position()).isEqualTo(exact.position()).isEqualTo(2.0);
        assertThat(averaged.averageCost()).isCloseTo(exact.averageCost(), within(EXACT)).isCloseTo(102, within(EXACT));
    }

    private static FifoLots fed(final OpenChain c) {
        final SymbolStats s = new SymbolStats();
        c.feedFills(s);
        s.pending.releaseBefore(Long.MAX_VALUE, s.lots);
        return s.lots;
    }

    @Test
    void aSummaryOfFormat3ReadsWithNothingPending() {
        final SessionAnalyzer a = new SessionAnalyzer(CorrelationSettings.defaults(), c -> { });
        a.accept(Ev.submit(0).orderId("o1").symbol("X-EUR").buy().qty(1).build(), 1);
        a.accept(Ev.fill(10).orderId("o1").symbol("X-EUR").qty(1).price(100).build(), 1);
        a.closeAll();
        final byte[] v4 = a.summary("s1").encode();
        // one symbol, last in the encoding: its pending fills are the tail, here a zero count
        assertThat(v4[v4.length - 1]).isZero();
        final byte[] v3 = Arrays.copyOf(v4, v4.length - 1);
        v3[0] = 3;
        final SymbolStats s = SessionSummary.decode(v3).symbolStats().get("X-EUR");
        assertThat(s.pnlPendingFills()).isZero();
        assertThat(s.position()).isEqualTo(1.0);
        assertThat(s.averageCost()).isEqualTo(100.0);
    }

    @Test
    void aSummaryOfFormat2ReadsWithAnEmptyFifo() {
        final SessionAnalyzer a = new SessionAnalyzer(CorrelationSettings.defaults(), c -> { });
        a.accept(Ev.submit(0).orderId("o1").symbol("X-EUR").buy().qty(1).build(), 1);
        a.accept(Ev.fill(10).orderId("o1").symbol("X-EUR").qty(1).price(100).fee(0.5).build(), 1);
        a.closeAll();
        final byte[] v4 = a.summary("s1").encode();
        // one symbol, last in the encoding: its FIFO (skipped, realized, its error, sign, count, 1 lot) and its
        // pending fills (a zero count) are the tail
        final byte[] v2 = Arrays.copyOf(v4, v4.length - (1 + 8 + 8 + 1 + 1 + 16) - 1);
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
