package io.exectrace.streams.correlation;

import io.exectrace.events.ChainOutcome;
import static io.exectrace.events.ChainOutcome.CANCELLED;
import static io.exectrace.events.ChainOutcome.ERROR;
import static io.exectrace.events.ChainOutcome.FILLED;
import static io.exectrace.events.ChainOutcome.MISSING_FILL;
import static io.exectrace.events.ChainOutcome.MISSING_ORDER;
import static io.exectrace.events.ChainOutcome.PARTIALLY_FILLED;
import static io.exectrace.events.ChainOutcome.RISK_BLOCKED;
import static io.exectrace.streams.correlation.LatencyEdge.FILL_COMPLETION;
import static io.exectrace.streams.correlation.LatencyEdge.INTENT_TO_FILL;
import static io.exectrace.streams.correlation.LatencyEdge.INTENT_TO_ORDER;
import static io.exectrace.streams.correlation.LatencyEdge.ORDER_TO_ACK;
import static io.exectrace.streams.correlation.LatencyEdge.ORDER_TO_FILL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ParseErrorReason;
import io.exectrace.events.QualityFlags;
import io.exectrace.events.Side;
import io.exectrace.events.Stage;
import io.exectrace.streams.ingest.SessionInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChainCorrelatorTest {
    private static final long WALL = 1_000_000L;
    private static final long IDLE_MS = Duration.ofMinutes(5).toMillis();

    private final List<ClosedChain> chains = new ArrayList<>();
    private SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(), chains::add);

    private void feed(final Ev... events) {
        for (final Ev e : events) {
            analyzer.accept(e.build(), WALL);
        }
    }

    private void feedBuilt(final List<ExecutionEvent> events) {
        for (final ExecutionEvent e : events) {
            analyzer.accept(e, WALL);
        }
    }

    private List<ClosedChain> closeAll() {
        analyzer.closeAll();
        return chains;
    }

    private SessionSummary summary() {
        return analyzer.summary("s1");
    }

    private static ClosedChain only(final List<ClosedChain> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static Map<LatencyEdge, Double> latencies(final Object... edgeAndMs) {
        final java.util.EnumMap<LatencyEdge, Double> m = new java.util.EnumMap<>(LatencyEdge.class);
        for (int i = 0; i < edgeAndMs.length; i += 2) {
            m.put((LatencyEdge) edgeAndMs[i], ((Number) edgeAndMs[i + 1]).doubleValue());
        }
        return m;
    }

    @Nested
    class IdMatching {
        @Test
        void intentOrderAckFillByIdsGiveOneFilledChainWithEveryLatency() {
            feed(Ev.intent(0).intentId("i1").buy().qty(1).strategy("ma"),
                    Ev.submit(50).intentId("i1").orderId("o1").buy().qty(1).exchange("kraken"),
                    Ev.ack(80).orderId("o1").brokerId("b1"),
                    Ev.fill(150).orderId("o1").qty(1).price(100).fee(0.1));
            final ClosedChain c = only(closeAll());
            assertThat(c.outcome()).isEqualTo(FILLED);
            assertThat(c.closeReason()).isEqualTo("full_fill");
            assertThat(c.intentId()).isEqualTo("i1");
            assertThat(c.orderId()).isEqualTo("o1");
            assertThat(c.brokerOrderId()).isEqualTo("b1");
            assertThat(c.side()).isEqualTo(Side.BUY);
            assertThat(c.exchange()).isEqualTo("kraken");
            assertThat(c.strategy()).isEqualTo("ma");
            assertThat(c.quantity()).isEqualTo(1.0);
            assertThat(c.filledQuantity()).isEqualTo(1.0);
            assertThat(c.fillCount()).isEqualTo(1);
            assertThat(c.avgFillPrice()).isEqualTo(100.0);
            assertThat(c.notional()).isEqualTo(100.0);
            assertThat(c.fees()).isEqualTo(0.1);
            assertThat(c.eventCount()).isEqualTo(4);
            assertThat(c.closeTsMicros()).isEqualTo(Ev.BASE_MICROS + 150_000);
            assertThat(c.firstEventTsMicros()).isEqualTo(Ev.BASE_MICROS);
            assertThat(c.latencyMs()).isEqualTo(latencies(INTENT_TO_ORDER, 50, ORDER_TO_ACK, 30,
                    ORDER_TO_FILL, 100, INTENT_TO_FILL, 150, FILL_COMPLETION, 0));
        }

        @Test
        void explicitIntentIdWinsOverFifo() {
            feed(Ev.intent(0).intentId("i1").buy().qty(0.25),
                    Ev.intent(20).intentId("i2").buy().qty(0.1),
                    Ev.submit(30).intentId("i2").orderId("o2").buy().qty(0.1),
                    Ev.submit(40).intentId("i1").orderId("o1").buy().qty(0.25),
                    Ev.fill(70).orderId("o2").qty(0.1),
                    Ev.fill(100).orderId("o1").qty(0.25));
            final List<ClosedChain> out = closeAll();
            out.sort(Comparator.comparing(ClosedChain::intentId));
            assertThat(out).extracting(ClosedChain::orderId).containsExactly("o1", "o2");
            assertThat(out.get(0).latency(INTENT_TO_ORDER)).isEqualTo(40.0);
            assertThat(out.get(1).latency(INTENT_TO_ORDER)).isEqualTo(10.0);
        }

        @Test
        void ackLinksTheBrokerOrderIdSoLaterEventsMayUseItAlone() {
            feed(Ev.intent(0).intentId("i1").qty(1),
                    Ev.submit(10).intentId("i1").orderId("o1").qty(1),
                    Ev.ack(20).orderId("o1").brokerId("B-1"),
                    Ev.fill(30).brokerId("B-1").qty(0.5),
                    Ev.cancel(40).brokerId("B-1"));
            final ClosedChain c = only(closeAll());
            assertThat(c.outcome()).isEqualTo(PARTIALLY_FILLED);
            assertThat(c.closeReason()).isEqualTo("cancel");
            assertThat(c.filledQuantity()).isEqualTo(0.5);
        }

        @Test
        void childrenCarryingOnlyTheBrokerIdBeforeTheLinkingAckAreMerged() {
            feed(Ev.intent(0).intentId("i1").qty(1),
                    Ev.submit(10).intentId("i1").orderId("o1").qty(1),
                    Ev.fill(30).brokerId("B-1").qty(1),
                    Ev.ack(20).orderId("o1").brokerId("B-1"));
            final ClosedChain c = only(closeAll());
            assertThat(c.outcome()).isEqualTo(FILLED);
            assertThat(c.latencyMs()).containsEntry(ORDER_TO_ACK, 10.0).containsEntry(ORDER_TO_FILL, 20.0);
            assertThat(summary().openChains()).isZero();
        }
    }

    @Nested
    class Fifo {
        @Test
        void submitsWithoutIntentIdTakeTheOldestOpenIntentOfTheirSymbol() {
            feed(Ev.intent(0).symbol("BTC").buy().qty(1),
                    Ev.intent(10).symbol("ETH").sell().qty(2),
                    Ev.intent(20).symbol("BTC").buy().qty(3),
                    Ev.submit(30).symbol("ETH").sell().orderId("e1").qty(2),
                    Ev.submit(40).symbol("BTC").buy().orderId("b1").qty(1),
                    Ev.submit(50).symbol("BTC").buy().orderId("b2").qty(3));
            final List<ClosedChain> out = closeAll();
            out.sort(Comparator.comparing(ClosedChain::orderId));
            assertThat(out).extracting(ClosedChain::orderId).containsExactly("b1", "b2", "e1");
            assertThat(out).extracting(c -> c.latency(INTENT_TO_ORDER)).containsExactly(40.0, 30.0, 20.0);
            assertThat(out).extracting(ClosedChain::intentId).containsOnlyNulls();
            assertThat(out).extracting(ClosedChain::outcome).containsOnly(MISSING_FILL);
        }

        @Test
        void sideMustMatchWhenBothCarryOneAndUnknownSideMatchesAny() {
            feed(Ev.intent(0).buy().qty(1),
                    Ev.intent(10).sell().qty(2),
                    Ev.submit(20).sell().orderId("s").qty(2),
                    Ev.submit(30).orderId("u").qty(1));
            final List<ClosedChain> out = closeAll();
            out.sort(Comparator.comparing(ClosedChain::orderId));
            assertThat(out).extracting(ClosedChain::orderId).containsExactly("s", "u");
            assertThat(out.get(0).intentTsMicros()).isEqualTo(Ev.BASE_MICROS + 10_000);
            assertThat(out.get(1).intentTsMicros()).isEqualTo(Ev.BASE_MICROS);
            assertThat(out.get(1).side()).isEqualTo(Side.BUY);
        }

        @Test
        void idlessFillJoinsTheOldestOpenOrderOfSameSymbolAndSide() {
            feed(Ev.submit(0).orderId("o-buy").buy().qty(1),
                    Ev.submit(5).orderId("o-sell").sell().qty(1),
                    Ev.submit(6).orderId("o-eth").symbol("ETH").sell().qty(1),
                    Ev.fill(10).sell().qty(1));
            final List<ClosedChain> out = closeAll();
            final ClosedChain sell = out.stream().filter(c -> "o-sell".equals(c.orderId())).findFirst().orElseThrow();
            assertThat(sell.outcome()).isEqualTo(FILLED);
            assertThat(out).filteredOn(c -> !"o-sell".equals(c.orderId()))
                    .extracting(ClosedChain::outcome).containsOnly(MISSING_FILL);
        }

        @Test
        void idlessFillWithoutOpenOrderWaitsAndJoinsALaterSubmit() {
            feed(Ev.fill(20).buy().qty(1), Ev.submit(10).orderId("o").buy().qty(1));
            final ClosedChain c = only(closeAll());
            assertThat(c.outcome()).isEqualTo(FILLED);
            assertThat(c.latency(ORDER_TO_FILL)).isEqualTo(10.0);
        }
    }

    @Nested
    class Fills {
        @Test
        void partialFillsAccumulateAndTheCompletingFillClosesTheChain() {
            feed(Ev.intent(0).intentId("i").qty(0.5),
                    Ev.submit(100).intentId("i").orderId("o").qty(0.5),
                    Ev.fill(300).orderId("o").qty(0.25).price(100),
                    Ev.fill(600).orderId("o").qty(0.125).price(104),
                    Ev.fill(900).orderId("o").qty(0.125).price(108));
            final ClosedChain c = only(closeAll());
            assertThat(c.outcome()).isEqualTo(FILLED);
            assertThat(c.fillCount()).isEqualTo(3);
            assertThat(c.filledQuantity()).isEqualTo(0.5);
            assertThat(c.avgFillPrice()).isEqualTo((0.25 * 100 + 0.125 * 104 + 0.125 * 108) / 0.5);
            assertThat(c.closeTsMicros()).isEqualTo(Ev.BASE_MICROS + 900_000);
            assertThat(c.latencyMs()).containsEntry(ORDER_TO_FILL, 200.0).containsEntry(FILL_COMPLETION, 600.0)
                    .containsEntry(INTENT_TO_FILL, 300.0);
        }

        static Stream<Arguments> tolerance() {
            return Stream.of(
                    arguments(new double[] {0.1, 0.2}, 0.3, FILLED),            // 0.30000000000000004 >= 0.3
                    arguments(new double[] {0.1, 0.1, 0.1}, 0.3, FILLED),       // 0.30000000000000004
                    arguments(new double[] {0.7, 0.2, 0.1}, 1.0, FILLED),       // 0.9999999999999999
                    arguments(new double[] {0.3 * (1 - 1e-10)}, 0.3, FILLED),   // within 1e-9 relative
                    arguments(new double[] {0.3 * (1 - 1e-8)}, 0.3, PARTIALLY_FILLED),
                    arguments(new double[] {0.29}, 0.3, PARTIALLY_FILLED));
        }

        @ParameterizedTest
        @MethodSource("tolerance")
        void fullFillUsesARelativeToleranceOf1e9(final double[] fills, final double qty,
                                                 final ChainOutcome expected) {
            feed(Ev.submit(0).orderId("o").qty(qty));
            for (int i = 0; i < fills.length; i++) {
                feed(Ev.fill(10 + i).orderId("o").qty(fills[i]));
            }
            assertThat(only(closeAll()).outcome()).isEqualTo(expected);
        }

        @Test
        void orderWithoutQuantityIsFilledByAnyFill() {
            feed(Ev.submit(0).orderId("o"), Ev.fill(5).orderId("o").qty(3));
            assertThat(only(closeAll()).outcome()).isEqualTo(FILLED);
        }
    }

    @Nested
    class Endings {
        static Stream<Arguments> endings() {
            return Stream.of(
                    arguments("cancel without fill", List.of(Ev.cancel(50).orderId("o").reason("stale")),
                            CANCELLED, "cancel", "stale"),
                    arguments("cancel after a partial fill", List.of(Ev.fill(40).orderId("o").qty(0.4),
                            Ev.cancel(50).orderId("o").reason("stale")), PARTIALLY_FILLED, "cancel", "stale"),
                    arguments("error by order id", List.of(Ev.error(50).orderId("o").message("rejected")),
                            ERROR, "error", "rejected"),
                    arguments("error by intent id", List.of(Ev.error(50).intentId("i").message("boom")),
                            ERROR, "error", "boom"),
                    arguments("risk block by order id (a reject)", List.of(Ev.riskBlock(50).orderId("o")
                            .reason("max_qty")), RISK_BLOCKED, "risk_block", "max_qty"),
                    arguments("fill then cancel: the fill wins", List.of(Ev.fill(40).orderId("o").qty(1),
                            Ev.cancel(50).orderId("o")), FILLED, "full_fill", null));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("endings")
        void anOrderEndsAsExpected(final String name, final List<Ev> tail, final ChainOutcome outcome,
                                   final String closeReason, final String reason) {
            feed(Ev.intent(0).intentId("i").qty(1), Ev.submit(10).intentId("i").orderId("o").qty(1));
            feed(tail.toArray(Ev[]::new));
            final ClosedChain c = only(closeAll());
            assertThat(c.outcome()).isEqualTo(outcome);
            assertThat(c.closeReason()).isEqualTo(closeReason);
            assertThat(c.reason()).isEqualTo(reason);
        }

        @Test
        void riskBlockByIntentIdEndsTheIntent() {
            feed(Ev.intent(0).intentId("i1").qty(5), Ev.intent(1).intentId("i2").qty(1),
                    Ev.riskBlock(20).intentId("i2").reason("max_notional"));
            final List<ClosedChain> out = closeAll();
            assertThat(out).extracting(ClosedChain::intentId, ClosedChain::outcome)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("i2", RISK_BLOCKED),
                            org.assertj.core.groups.Tuple.tuple("i1", MISSING_ORDER));
            assertThat(summary().riskBlocksByReason()).containsExactly(Map.entry("max_notional", 1L));
            assertThat(summary().rejectRate()).isEqualTo(0.5);
        }

        @Test
        void riskBlockWithoutIdsBlocksTheOldestOpenIntentWithoutOrderOfSameSymbol() {
            feed(Ev.intent(0).buy().qty(1),                       // takes the order below
                    Ev.intent(10).symbol("ETH").buy().qty(1),     // other symbol
                    Ev.intent(20).buy().qty(2),                   // blocked
                    Ev.intent(30).buy().qty(3),
                    Ev.submit(25).buy().orderId("o").qty(1),
                    Ev.riskBlock(40).reason(""));
            final List<ClosedChain> out = closeAll();
            final ClosedChain blocked = out.stream().filter(c -> c.outcome() == RISK_BLOCKED).findFirst()
                    .orElseThrow();
            assertThat(blocked.quantity()).isEqualTo(2.0);
            assertThat(blocked.orderId()).isNull();
            assertThat(out).filteredOn(c -> c.outcome() == MISSING_ORDER).extracting(ClosedChain::quantity)
                    .containsExactlyInAnyOrder(1.0, 3.0);
            assertThat(summary().riskBlocksByReason()).containsExactly(Map.entry("unknown", 1L));
        }

        @Test
        void gatePassEndsNothing() {
            feed(Ev.intent(0).intentId("i").qty(1), Ev.of(Stage.GATE_PASS).at(10));
            assertThat(chains).isEmpty();
            final ClosedChain c = only(closeAll());
            assertThat(c.outcome()).isEqualTo(MISSING_ORDER);
            assertThat(c.closeReason()).isEqualTo("idle");
            assertThat(summary().events(Stage.GATE_PASS)).isEqualTo(1);
        }

        @Test
        void errorWithoutIdsIsCountedAndLinkedToNothing() {
            feed(Ev.intent(0).intentId("i").qty(1), Ev.error(10).message("websocket closed"),
                    Ev.submit(20).intentId("i").orderId("o").qty(1), Ev.fill(30).orderId("o").qty(1));
            final ClosedChain c = only(closeAll());
            assertThat(c.outcome()).isEqualTo(FILLED);
            assertThat(summary().errorEvents()).isEqualTo(1);
            assertThat(summary().unlinkedErrors()).isEqualTo(1);
        }

        @Test
        void fillRateIsFilledOverChainsWithAnOrder() {
            feed(Ev.intent(0).intentId("a").qty(1), Ev.submit(1).intentId("a").orderId("a").qty(1),
                    Ev.fill(2).orderId("a").qty(1),
                    Ev.intent(3).intentId("b").qty(1), Ev.submit(4).intentId("b").orderId("b").qty(1),
                    Ev.intent(5).intentId("c").qty(1));
            closeAll();
            assertThat(summary().chainsWithOrder()).isEqualTo(2);
            assertThat(summary().fillRate()).isEqualTo(0.5);
            assertThat(summary().chainsByOutcome()).containsExactly(Map.entry(FILLED, 1L),
                    Map.entry(MISSING_ORDER, 1L), Map.entry(MISSING_FILL, 1L));
        }
    }

    @Nested
    class OutOfOrder {
        private List<List<ExecutionEvent>> permutations(final List<ExecutionEvent> events) {
            final List<List<ExecutionEvent>> out = new ArrayList<>();
            permute(new ArrayList<>(events), 0, out);
            return out;
        }

        private void permute(final List<ExecutionEvent> list, final int k, final List<List<ExecutionEvent>> out) {
            if (k == list.size()) {
                out.add(List.copyOf(list));
                return;
            }
            for (int i = k; i < list.size(); i++) {
                java.util.Collections.swap(list, k, i);
                permute(list, k + 1, out);
                java.util.Collections.swap(list, k, i);
            }
        }

        private List<ClosedChain> run(final List<ExecutionEvent> order) {
            final List<ClosedChain> out = new ArrayList<>();
            final SessionAnalyzer a = new SessionAnalyzer(CorrelationSettings.defaults(), out::add);
            order.forEach(e -> a.accept(e, WALL));
            a.closeAll();
            out.sort(Comparator.comparing(ClosedChain::chainId));
            return out;
        }

        static Stream<Arguments> smallChains() {
            return Stream.of(
                    arguments("ids everywhere, two partial fills", List.of(
                            Ev.intent(0).intentId("i").qty(1).buy(),
                            Ev.submit(50).intentId("i").orderId("o").qty(1).buy(),
                            Ev.ack(80).orderId("o").brokerId("B"),
                            Ev.fill(150).orderId("o").qty(0.5).price(10),
                            Ev.fill(400).brokerId("B").qty(0.5).price(11))),
                    arguments("emitter style: no intent id, FIFO link", List.of(
                            Ev.intent(0).qty(2).sell(),
                            Ev.submit(100.5).orderId("pt-1").qty(2).sell(),
                            Ev.fill(400.5).orderId("pt-1").qty(2).price(3399))),
                    arguments("cancel after partial fill", List.of(
                            Ev.intent(0).intentId("i").qty(2),
                            Ev.submit(100).intentId("i").orderId("o").qty(2),
                            Ev.ack(130).orderId("o"),
                            Ev.fill(550).orderId("o").qty(0.75),
                            Ev.cancel(2050).orderId("o"))),
                    arguments("two chains of different symbols", List.of(
                            Ev.intent(0).intentId("a").symbol("BTC").qty(1),
                            Ev.submit(10).intentId("a").orderId("oa").symbol("BTC").qty(1),
                            Ev.intent(5).intentId("b").symbol("ETH").qty(1),
                            Ev.submit(20).intentId("b").orderId("ob").symbol("ETH").qty(1),
                            Ev.fill(30).orderId("ob").qty(1))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("smallChains")
        void everyArrivalOrderGivesTheSameChainsAndLatencies(final String name, final List<Ev> chain) {
            final List<ExecutionEvent> events = chain.stream().map(Ev::build).toList();
            final List<ClosedChain> inOrder = run(events.stream()
                    .sorted(Comparator.comparingLong(ExecutionEvent::tsMicros)).toList());
            assertThat(inOrder).isNotEmpty();
            assertThat(inOrder).allSatisfy(c -> assertThat(c.hasOrder()).isTrue());
            for (final List<ExecutionEvent> permutation : permutations(events)) {
                assertThat(run(permutation)).as("arrival order %s", permutation.stream()
                        .map(e -> e.stage().label() + "@" + (e.tsMicros() - Ev.BASE_MICROS)).toList())
                        .isEqualTo(inOrder);
            }
        }

        @Test
        void submitBeforeItsIntentWaitsAndIsJoinedWhenTheIntentArrives() {
            feed(Ev.submit(50).intentId("i").orderId("o").qty(1), Ev.fill(90).orderId("o").qty(1));
            assertThat(chains).isEmpty();
            feed(Ev.intent(0).intentId("i").qty(1));
            final ClosedChain c = only(closeAll());
            assertThat(c.hasIntent()).isTrue();
            assertThat(c.latency(INTENT_TO_FILL)).isEqualTo(90.0);
        }

        @Test
        void orderWhoseIntentNeverComesBecomesAChainWithoutIntentAfterTheIntentTimeout() {
            feed(Ev.submit(0).intentId("lost").orderId("o").qty(1), Ev.fill(100).orderId("o").qty(1),
                    Ev.of(Stage.SIGNAL).at(29_000));
            assertThat(chains).isEmpty();                     // still waiting for its intent
            feed(Ev.of(Stage.SIGNAL).at(30_001));
            final ClosedChain c = only(chains);
            assertThat(c.outcome()).isEqualTo(FILLED);
            assertThat(c.hasIntent()).isFalse();
            assertThat(c.intentId()).isEqualTo("lost");
            assertThat(c.latencyMs()).containsOnlyKeys(ORDER_TO_FILL, FILL_COMPLETION);
            feed(Ev.intent(-5).intentId("lost").qty(1));   // the intent, far too late
            assertThat(summary().lateEvents()).isEqualTo(1);
            assertThat(closeAll()).hasSize(1);
        }

        @Test
        void childrenWhoseOrderNeverComesAreOneMissingOrderChain() {
            feed(Ev.ack(0).orderId("ghost"), Ev.fill(10).orderId("ghost").qty(1), Ev.of(Stage.SIGNAL).at(60_000));
            assertThat(chains).isEmpty();
            feed(Ev.of(Stage.SIGNAL).at(60_001));
            final ClosedChain c = only(chains);
            assertThat(c.outcome()).isEqualTo(MISSING_ORDER);
            assertThat(c.closeReason()).isEqualTo("order_timeout");
            assertThat(c.closeTsMicros()).isEqualTo(Ev.BASE_MICROS + 60_000_000);
            assertThat(c.fillCount()).isEqualTo(1);
            assertThat(closeAll()).hasSize(1);
        }

        @Test
        void lateSiblingWithinTheSettleTimeJoinsButAfterItIsOnlyCounted() {
            feed(Ev.intent(0).intentId("i").qty(1), Ev.submit(0).intentId("i").orderId("o").qty(1),
                    Ev.fill(10).orderId("o").qty(1),
                    Ev.ack(5).orderId("o"));                       // ack after the fill: joins
            feed(Ev.of(Stage.SIGNAL).at(1_011));                  // clock past fill + 1 s settle
            final ClosedChain c = only(chains);
            assertThat(c.latencyMs()).containsEntry(ORDER_TO_ACK, 5.0);
            feed(Ev.cancel(20).orderId("o"));                     // after close: late, no new chain
            assertThat(summary().lateEvents()).isEqualTo(1);
            assertThat(closeAll()).hasSize(1);
        }

        @Test
        void idlessIntentArrivingLateClaimsTheWaitingSubmit() {
            feed(Ev.submit(100).orderId("o").buy().qty(1), Ev.intent(0).buy().qty(1));
            final ClosedChain c = only(closeAll());
            assertThat(c.latency(INTENT_TO_ORDER)).isEqualTo(100.0);
        }

        @Test
        void idlessIntentLaterThanTheWaitingSubmitDoesNotClaimIt() {
            feed(Ev.submit(0).orderId("o").buy().qty(1), Ev.intent(100).buy().qty(1));
            final List<ClosedChain> out = closeAll();
            assertThat(out).extracting(ClosedChain::outcome).containsExactlyInAnyOrder(MISSING_FILL, MISSING_ORDER);
            assertThat(summary().negativeLatencies()).isZero();
        }
    }

    @Nested
    class Duplicates {
        @Test
        void theSameEventDeliveredTwiceCountsOnce() {
            final ExecutionEvent fill = Ev.fill(20).orderId("o").qty(0.5).build();
            feed(Ev.submit(0).orderId("o").qty(1));
            analyzer.accept(fill, WALL);
            analyzer.accept(fill, WALL);
            final ClosedChain c = only(closeAll());
            assertThat(c.outcome()).isEqualTo(PARTIALLY_FILLED);
            assertThat(c.filledQuantity()).isEqualTo(0.5);
            assertThat(c.fillCount()).isEqualTo(1);
            assertThat(summary().events()).isEqualTo(2);
            assertThat(summary().events(Stage.FILL)).isEqualTo(1);
            assertThat(summary().duplicates()).isEqualTo(1);
        }

        @Test
        void aRedeliveryAfterItsChainClosedIsStillADuplicate() {
            final ExecutionEvent fill = Ev.fill(20).orderId("o").qty(1).build();
            feed(Ev.intent(0).intentId("i").qty(1), Ev.submit(0).intentId("i").orderId("o").qty(1));
            analyzer.accept(fill, WALL);
            feed(Ev.of(Stage.SIGNAL).at(5_000));
            assertThat(chains).hasSize(1);
            analyzer.accept(fill, WALL);
            assertThat(summary().duplicates()).isEqualTo(1);
            assertThat(summary().lateEvents()).isZero();
            assertThat(closeAll()).hasSize(1);
        }

        @Test
        void theMemoryIsBoundedByCountAndHorizon() {
            final CorrelationSettings small = CorrelationSettings.defaults().withMemory(Duration.ofSeconds(10), 5);
            analyzer = new SessionAnalyzer(small, chains::add);
            for (int i = 0; i < 20; i++) {
                feed(Ev.of(Stage.SIGNAL).at(i));
            }
            assertThat(analyzer.state("s1").fingerprints.size()).isEqualTo(5);
            feed(Ev.of(Stage.SIGNAL).at(0)); // evicted long ago (count bound): counted again
            assertThat(summary().duplicates()).isZero();
            feed(Ev.of(Stage.SIGNAL).at(30_000));   // 10 s horizon: everything older leaves
            assertThat(analyzer.state("s1").fingerprints.size()).isEqualTo(1);
        }
    }

    @Nested
    class Timeouts {
        @Test
        void missingOrderTimesOutExactlyOnceAtTheIntentDeadline() {
            feed(Ev.intent(0).intentId("i").qty(1), Ev.of(Stage.SIGNAL).at(30_000));
            assertThat(chains).isEmpty();                       // deadline not passed: clock == deadline
            feed(Ev.of(Stage.SIGNAL).at(30_000.001));
            final ClosedChain c = only(chains);
            assertThat(c.outcome()).isEqualTo(MISSING_ORDER);
            assertThat(c.closeReason()).isEqualTo("intent_timeout");
            assertThat(c.closeTsMicros()).isEqualTo(Ev.BASE_MICROS + 30_000_000);
            // A late intent duplicate-by-id is only counted; a late submit is a real order: a chain without intent.
            feed(Ev.of(Stage.SIGNAL).at(31_000), Ev.intent(1).intentId("i").qty(2),
                    Ev.submit(31_000).intentId("i").orderId("o").qty(1));
            assertThat(chains).hasSize(1);
            assertThat(summary().lateEvents()).isEqualTo(1);
            final List<ClosedChain> out = closeAll();
            assertThat(out).hasSize(2);
            assertThat(out.get(1).hasIntent()).isFalse();
            assertThat(out.get(1).intentId()).isEqualTo("i");
            assertThat(out.get(1).outcome()).isEqualTo(MISSING_FILL);
        }

        @Test
        void aSubmitAfterTheIntentTimeoutDoesNotSaveTheIntent() {
            feed(Ev.intent(0).buy().qty(1), Ev.submit(30_500).buy().orderId("o").qty(1));
            assertThat(chains).extracting(ClosedChain::outcome).containsExactly(MISSING_ORDER);
            final List<ClosedChain> out = closeAll();
            assertThat(out.get(1).outcome()).isEqualTo(MISSING_FILL);
            assertThat(out.get(1).hasIntent()).isFalse();
        }

        @Test
        void missingFillTimesOutExactlyOnceAtTheOrderDeadline() {
            feed(Ev.intent(0).intentId("i").qty(1), Ev.submit(100).intentId("i").orderId("o").qty(1),
                    Ev.of(Stage.SIGNAL).at(60_100));
            assertThat(chains).isEmpty();
            feed(Ev.of(Stage.SIGNAL).at(61_000), Ev.of(Stage.SIGNAL).at(200_000));
            final ClosedChain c = only(chains);
            assertThat(c.outcome()).isEqualTo(MISSING_FILL);
            assertThat(c.closeReason()).isEqualTo("order_timeout");
            assertThat(c.closeTsMicros()).isEqualTo(Ev.BASE_MICROS + 60_100_000);
            assertThat(closeAll()).hasSize(1);
        }

        @Test
        void aPartiallyFilledOrderTimesOutAsPartiallyFilled() {
            feed(Ev.submit(0).orderId("o").qty(1), Ev.fill(10).orderId("o").qty(0.3),
                    Ev.of(Stage.SIGNAL).at(70_000));
            final ClosedChain c = only(chains);
            assertThat(c.outcome()).isEqualTo(PARTIALLY_FILLED);
            assertThat(c.closeReason()).isEqualTo("order_timeout");
        }

        @Test
        void aSessionsDeadlinesFollowOnlyItsOwnClock() {
            feed(Ev.intent(0).intentId("i").qty(1).session("replay"));
            feed(Ev.of(Stage.SIGNAL).at(500_000).session("live"), Ev.of(Stage.SIGNAL).at(900_000).session("live"));
            assertThat(chains).isEmpty();
            feed(Ev.of(Stage.SIGNAL).at(31_000).session("replay"));
            assertThat(only(chains).sessionId()).isEqualTo("replay");
        }

        @Test
        void timeoutsAreConfigurable() {
            analyzer = new SessionAnalyzer(CorrelationSettings.defaults().withIntentTimeout(Duration.ofSeconds(1))
                    .withOrderTimeout(Duration.ofSeconds(2)), chains::add);
            feed(Ev.intent(0).intentId("i").qty(1), Ev.submit(10).orderId("o").intentId("j").qty(1),
                    Ev.of(Stage.SIGNAL).at(2_011));
            assertThat(chains).extracting(ClosedChain::outcome).containsExactly(MISSING_ORDER, MISSING_FILL);
        }
    }

    @Nested
    class Clocks {
        @Test
        void negativeLatencyIsCountedAsAClockProblemAndNotRecorded() {
            feed(Ev.intent(100).intentId("i").qty(1), Ev.submit(50).intentId("i").orderId("o").qty(1),
                    Ev.fill(200).orderId("o").qty(1));
            final ClosedChain c = only(closeAll());
            assertThat(c.clockProblems()).isEqualTo(1);
            assertThat(c.latencyMs()).doesNotContainKey(INTENT_TO_ORDER).containsEntry(ORDER_TO_FILL, 150.0)
                    .containsEntry(INTENT_TO_FILL, 100.0);
            assertThat(summary().negativeLatencies()).isEqualTo(1);
            assertThat(analyzer.latencies("s1").all().sketch(INTENT_TO_ORDER).count()).isZero();
        }

        @Test
        void dataQualityCountsFollowArrivalOrder() {
            feed(Ev.of(Stage.SIGNAL).at(10_000),
                    Ev.of(Stage.SIGNAL).at(9_000),               // back 1.0 s: not more than 1 s
                    Ev.of(Stage.SIGNAL).at(7_999),               // back 1.001 s: a jump
                    Ev.of(Stage.SIGNAL).at(7_999 + 3_600_001),   // forward more than 1 h: a gap
                    Ev.of(Stage.SIGNAL).at(20_000).flags(QualityFlags.ZONELESS_TS | QualityFlags.NON_STRING_ID));
            assertThat(summary().backwardJumps()).isEqualTo(2);
            assertThat(summary().gapsOver1h()).isEqualTo(1);
            assertThat(summary().zonelessTs()).isEqualTo(1);
            assertThat(summary().nonStringIds()).isEqualTo(1);
            assertThat(summary().firstTsMicros()).isEqualTo(Ev.BASE_MICROS + 7_999_000);
            assertThat(summary().lastTsMicros()).isEqualTo(Ev.BASE_MICROS + (7_999 + 3_600_001) * 1000L);
        }
    }

    @Nested
    class IdleAndBounds {
        @Test
        void idleTimeoutClosesEveryOpenChainOfASilentSessionOnce() {
            analyzer.accept(Ev.intent(0).intentId("i").qty(1).build(), 0);
            analyzer.accept(Ev.submit(10).orderId("o").intentId("x").qty(1).build(), 0);
            analyzer.accept(Ev.fill(20).orderId("ghost").qty(1).build(), 0);
            analyzer.accept(Ev.of(Stage.SIGNAL).at(0).session("other").build(), 1_000);
            assertThat(analyzer.closeIdleSessions(IDLE_MS - 1)).isZero();
            assertThat(analyzer.closeIdleSessions(IDLE_MS)).isEqualTo(1);
            assertThat(chains).extracting(ClosedChain::outcome)
                    .containsExactlyInAnyOrder(MISSING_ORDER, MISSING_FILL, MISSING_ORDER);
            assertThat(chains).extracting(ClosedChain::closeReason).containsOnly("idle");
            assertThat(chains).extracting(ClosedChain::closeTsMicros).containsOnly(Ev.BASE_MICROS + 20_000);
            assertThat(summary().idleClosed()).isTrue();
            assertThat(analyzer.closeIdleSessions(IDLE_MS * 10)).isEqualTo(1);   // only "other" is left
            assertThat(chains).hasSize(3);
        }

        @Test
        void stateIsEmptyOnceEveryChainHasClosed() {
            for (int i = 0; i < 200; i++) {
                final String id = "c" + i;
                feed(Ev.intent(i * 10).intentId(id).qty(1).symbol(i % 2 == 0 ? "BTC" : "ETH"),
                        Ev.submit(i * 10 + 1).intentId(id).orderId(id).qty(1).symbol(i % 2 == 0 ? "BTC" : "ETH"),
                        Ev.fill(i * 10 + 2).orderId(id).qty(1));
            }
            feed(Ev.of(Stage.SIGNAL).at(100_000));
            assertThat(chains).hasSize(200).extracting(ClosedChain::outcome).containsOnly(FILLED);
            final SessionState s = analyzer.state("s1");
            assertThat(s.chains).isEmpty();
            assertThat(s.byIntentId).isEmpty();
            assertThat(s.byOrderId).isEmpty();
            assertThat(s.deadlines.isEmpty()).isTrue();
            assertThat(s.summary.openChains()).isZero();
            analyzer.closeAll();
            assertThat(s.fingerprints.size()).isZero();
            assertThat(s.closedIds.size()).isZero();
        }

        @Test
        void parseErrorsAreCountedPerReason() {
            analyzer.accept("s1", SessionInput.invalid(ParseErrorReason.INVALID_JSON), WALL);
            analyzer.accept("s1", SessionInput.invalid(ParseErrorReason.INVALID_JSON), WALL);
            analyzer.accept("s1", SessionInput.invalid(ParseErrorReason.MISSING_TS), WALL);
            feed(Ev.of(Stage.SIGNAL).at(0));
            assertThat(summary().parseErrorsByReason()).containsExactly(
                    Map.entry(ParseErrorReason.INVALID_JSON, 2L), Map.entry(ParseErrorReason.MISSING_TS, 1L));
            assertThat(summary().parseErrors()).isEqualTo(3);
            assertThat(summary().parseErrorRate()).isEqualTo(0.75);
        }
    }
}
