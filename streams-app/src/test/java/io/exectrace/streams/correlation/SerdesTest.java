package io.exectrace.streams.correlation;

import io.exectrace.events.ChainOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.IsoTimestamp;
import io.exectrace.events.ParseErrorReason;
import io.exectrace.events.Side;
import io.exectrace.events.Stage;
import io.exectrace.streams.ingest.SessionInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SerdesTest {

    private static ClosedChain chain() {
        final Map<LatencyEdge, Double> latency = new EnumMap<>(LatencyEdge.class);
        latency.put(LatencyEdge.INTENT_TO_ORDER, 100.5);
        latency.put(LatencyEdge.ORDER_TO_FILL, 300.0);
        return new ClosedChain("emitter_style", "00000000000000ff", null, "pt-0001", null, "ETH-USD", Side.SELL,
                "paper", null, "mean_reversion", ChainOutcome.FILLED, "full_fill", null, 2.0, 2.0, 1, 3399.0,
                6798.0, 6.8, micros("2025-12-20T09:30:00.300Z"), micros("2025-12-20T09:30:00.300Z"),
                micros("2025-12-20T09:30:00.400500Z"), ClosedChain.ABSENT_TS,
                micros("2025-12-20T09:30:00.700500Z"), micros("2025-12-20T09:30:00.700500Z"),
                micros("2025-12-20T09:30:00.700500Z"), 3, 0, latency);
    }

    @Test
    void closedChainJsonIsSnakeCaseWithIsoTimesAndOnlyExistingEdges() {
        final String json = new String(ClosedChainSerde.toJson(chain()), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"session_id\":\"emitter_style\",\"chain_id\":\"00000000000000ff\","
                + "\"intent_id\":null,\"order_id\":\"pt-0001\",\"broker_order_id\":null,\"symbol\":\"ETH-USD\","
                + "\"side\":\"SELL\",\"mode\":\"paper\",\"exchange\":null,\"strategy\":\"mean_reversion\","
                + "\"outcome\":\"filled\",\"close_reason\":\"full_fill\",\"reason\":null,\"quantity\":2.0,"
                + "\"filled_quantity\":2.0,\"fills\":1,\"avg_fill_price\":3399.0,\"notional\":6798.0,\"fees\":6.8,"
                + "\"first_event_ts\":\"2025-12-20T09:30:00.300Z\",\"intent_ts\":\"2025-12-20T09:30:00.300Z\","
                + "\"order_ts\":\"2025-12-20T09:30:00.400500Z\",\"ack_ts\":null,"
                + "\"first_fill_ts\":\"2025-12-20T09:30:00.700500Z\",\"last_fill_ts\":\"2025-12-20T09:30:00.700500Z\","
                + "\"close_ts\":\"2025-12-20T09:30:00.700500Z\",\"events\":3,\"clock_problems\":0,"
                + "\"latency_ms\":{\"intent_to_order\":100.5,\"order_to_fill\":300.0}}");
    }

    @Test
    void closedChainJsonRoundTrips() {
        final ClosedChain c = chain();
        assertThat(ClosedChainSerde.fromJson(ClosedChainSerde.toJson(c))).isEqualTo(c);
        final ClosedChainSerde serde = new ClosedChainSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", c))).isEqualTo(c);
        assertThat(serde.serializer().serialize("t", null)).isNull();
    }

    @Test
    void aChainSerializedAgainRightAwayGetsTheSameBytesAndEveryOtherChainItsOwn() {
        final ClosedChainSerde sink = new ClosedChainSerde();
        final ClosedChainSerde store = new ClosedChainSerde();
        final ClosedChain a = chain();
        final ClosedChain b = new ClosedChain("other", "00000000000000aa", "i-1", "pt-0002", null, "BTC-USD",
                Side.BUY, "live", "kraken", null, ChainOutcome.MISSING_FILL, "order_timeout", null, 1.0, 0.0, 0,
                Double.NaN, 0.0, 0.0, 1, 1, 2, ClosedChain.ABSENT_TS, ClosedChain.ABSENT_TS, ClosedChain.ABSENT_TS,
                60_000_002L, 2, 0, Map.of());
        final byte[] first = sink.serializer().serialize("chains", a);
        assertThat(store.serializer().serialize("changelog", a)).isSameAs(first);
        for (final ClosedChain next : List.of(b, a, chain(), b)) {
            final byte[] bytes = sink.serializer().serialize("chains", next);
            assertThat(bytes).isEqualTo(ClosedChainSerde.toJson(next));
            assertThat(store.serializer().serialize("changelog", next)).isSameAs(bytes);
        }
    }

    private static long micros(final String iso) {
        return IsoTimestamp.parseInstant(iso);
    }

    private static SessionAnalyzer richSession(final List<ClosedChain> out) {
        final SessionAnalyzer a = new SessionAnalyzer(CorrelationSettings.defaults(), out::add);
        a.accept("s1", SessionInput.invalid(ParseErrorReason.BAD_TS), 5);
        final List<Ev> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            final String sym = "SYM" + (i % 3);
            events.add(Ev.intent(i * 100).intentId("i" + i).symbol(sym).buy().qty(1).exchange("kraken"));
            events.add(Ev.submit(i * 100 + 10).intentId("i" + i).orderId("o" + i).symbol(sym).buy().qty(1));
            if (i % 4 == 0) {
                events.add(Ev.riskBlock(i * 100 + 20).intentId("x" + i).symbol(sym).reason("max_notional"));
            } else {
                events.add(Ev.fill(i * 100 + 30).orderId("o" + i).symbol(sym).qty(1).price(10 + i).fee(0.1));
            }
        }
        events.add(Ev.error(9_000).symbol("SYM0").message("boom"));
        for (final Ev e : events) {
            a.accept(e.build(), 7);
        }
        return a;
    }

    @Test
    void sessionSummaryBinaryFormRoundTripsAndStaysSmall() {
        final List<ClosedChain> out = new ArrayList<>();
        final SessionAnalyzer a = richSession(out);
        final SessionSummary s = a.summary("s1");
        final byte[] bytes = s.encode();
        final SessionSummary d = SessionSummary.decode(bytes);
        assertThat(d.encode()).isEqualTo(bytes);
        assertThat(d.sessionId()).isEqualTo("s1");
        assertThat(d.events()).isEqualTo(s.events()).isEqualTo(121);
        assertThat(d.eventsByStage()).isEqualTo(s.eventsByStage());
        assertThat(d.parseErrorsByReason()).containsExactly(Map.entry(ParseErrorReason.BAD_TS, 1L));
        assertThat(d.symbols()).containsExactly("SYM0", "SYM1", "SYM2");
        assertThat(d.exchanges()).containsExactly("kraken");
        assertThat(d.mode()).isEqualTo("paper");
        assertThat(d.riskBlocksByReason()).isEqualTo(s.riskBlocksByReason());
        assertThat(d.chainsByOutcome()).isEqualTo(s.chainsByOutcome());
        assertThat(d.openChains()).isEqualTo(s.openChains());
        assertThat(d.firstTsMicros()).isEqualTo(s.firstTsMicros());
        assertThat(d.lastTsMicros()).isEqualTo(s.lastTsMicros());
        assertThat(d.errorEvents()).isEqualTo(1);
        assertThat(d.unlinkedErrors()).isEqualTo(1);
        assertThat(d.symbolStats().keySet()).isEqualTo(s.symbolStats().keySet());
        assertThat(d.symbolStats().get("SYM1").vwap()).isEqualTo(s.symbolStats().get("SYM1").vwap());
        assertThat(d.symbolStats().get("SYM1").buyQuantity()).isEqualTo(s.symbolStats().get("SYM1").buyQuantity());
        // SYM1: ten filled buys of 1 (i = 1, 7, 10, 13, 19, 22, 25, 31, 34, 37), all open lots
        assertThat(d.symbolStats().get("SYM1").position()).isEqualTo(s.symbolStats().get("SYM1").position())
                .isEqualTo(10.0);
        assertThat(d.symbolStats().get("SYM1").averageCost()).isEqualTo(s.symbolStats().get("SYM1").averageCost());
        assertThat(d.lastSeenWallMillis()).isEqualTo(7);
        // documented size: ~150 B of counters + ~100 B per symbol + 16 B per open lot (30 here: buys only) + the
        // memory tails (at most 32 fingerprints of ~11 B and 16 ids of ~10-20 B) + 25 B per pending fill
        final long pending = s.symbolStats().values().stream().mapToLong(SymbolStats::pnlPendingFills).sum();
        assertThat(bytes.length).isLessThan(150 + 100 * 3 + 16 * 30 + 32 * 11 + 16 * 20 + 25 * (int) pending);
        final SessionSummary viaSerde = CorrelationStores.summarySerde().deserializer()
                .deserialize("t", CorrelationStores.summarySerde().serializer().serialize("t", s));
        assertThat(viaSerde.encode()).isEqualTo(bytes);
    }

    @Test
    void latencySketchesRoundTrip() {
        final SessionAnalyzer a = richSession(new ArrayList<>());
        a.closeAll();
        final LatencySketches p = a.latencies("s1").all();
        assertThat(p.sketch(LatencyEdge.ORDER_TO_FILL).count()).isEqualTo(30);
        final LatencySketches d = CorrelationStores.latencySketchesSerde().deserializer()
                .deserialize("t", CorrelationStores.latencySketchesSerde().serializer().serialize("t", p));
        for (final LatencyEdge edge : LatencyEdge.values()) {
            assertThat(d.sketch(edge).count()).isEqualTo(p.sketch(edge).count());
            assertThat(Double.compare(d.quantile(edge, 0.95), p.quantile(edge, 0.95))).as(edge.label()).isZero();
        }
        assertThat(d.encode()).isEqualTo(p.encode());
        assertThat(a.latencies("s1").bySymbol()).containsOnlyKeys("SYM0", "SYM1", "SYM2");
    }

    @Test
    void openChainBinaryFormRoundTrips() {
        final OpenChain c = new OpenChain(42);
        final ExecutionEvent intent = Ev.intent(0).intentId("i").qty(2).buy().strategy("s").build();
        final ExecutionEvent submit = Ev.submit(10).intentId("i").orderId("o").qty(2).buy().exchange("x").build();
        c.attachIntent(intent);
        c.attachSubmit(submit);
        c.attachAck(Ev.ack(15).orderId("o").brokerId("b").build());
        c.attachFill(Ev.fill(30).orderId("o").qty(0.5).price(10).fee(0.01).build());
        c.attachFill(Ev.fill(20).orderId("o").qty(0.5).price(11).notional(5.6).build());
        c.attachCancel(Ev.cancel(40).orderId("o").reason("stale").build());
        c.deadline = 123;
        final CompactWriter w = new CompactWriter(16);
        c.writeTo(w);
        final OpenChain d = OpenChain.read(42, new CompactReader(w.toByteArray()));
        final CompactWriter again = new CompactWriter(16);
        d.writeTo(again);
        assertThat(again.toByteArray()).isEqualTo(w.toByteArray());
        assertThat(d.outcome()).isEqualTo(ChainOutcome.PARTIALLY_FILLED).isEqualTo(c.outcome());
        assertThat(d.fullFillTs()).isEqualTo(c.fullFillTs());
        assertThat(d.firstFillTs).isEqualTo(Ev.BASE_MICROS + 20_000);
        assertThat(d.notional).isEqualTo(5.6 + 5.0);
        assertThat(d.brokerOrderId).isEqualTo("b");
        assertThat(d.deadline).isEqualTo(123);
        assertThat(d.side).isEqualTo(Side.BUY);
        assertThat(Stage.FILL.label()).isEqualTo("fill");
    }
}
