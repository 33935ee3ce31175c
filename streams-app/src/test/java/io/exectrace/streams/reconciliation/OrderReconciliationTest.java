package io.exectrace.streams.reconciliation;

import static io.exectrace.streams.reconciliation.ReconciliationResult.FEE_MISMATCH;
import static io.exectrace.streams.reconciliation.ReconciliationResult.MATCHED;
import static io.exectrace.streams.reconciliation.ReconciliationResult.MISSING_AT_VENUE;
import static io.exectrace.streams.reconciliation.ReconciliationResult.MISSING_IN_LEDGER;
import static io.exectrace.streams.reconciliation.ReconciliationResult.PRICE_MISMATCH;
import static io.exectrace.streams.reconciliation.ReconciliationResult.QTY_MISMATCH;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pairing rule of one order on small hand-made cases. Ours are arrivals 1..9, the venue's 11..19; a decision
 * is written {@code result ours->venue} (0 for the side that is absent), so every expectation names its pair.
 */
class OrderReconciliationTest {
    private static final long T0 = 1_766_239_200_000_000L; // 2025-12-20T14:00:00Z
    private static final ReconciliationTolerance EXACT = ReconciliationTolerance.defaults();

    @Test
    void equalFillsMatch() {
        assertThat(closed(EXACT, List.of(ours(1, 400, "0.25", "92010.0", "59.81")),
                List.of(venue(11, 398, null, "0.25", "92010", "59.81"))))
                .containsExactly("matched 1->11");
    }

    @Test
    void eachDifferenceHasItsResult() {
        assertThat(closed(EXACT, List.of(ours(1, 0, "0.75", "3101.2", "6.05")),
                List.of(venue(11, 0, null, "0.8", "3101.2", "6.05")))).containsExactly("qty_mismatch 1->11");
        assertThat(closed(EXACT, List.of(ours(1, 0, "1.0", "3104.5", "8.07")),
                List.of(venue(11, 0, null, "1.0", "3110.0", "8.07")))).containsExactly("price_mismatch 1->11");
        assertThat(closed(EXACT, List.of(ours(1, 0, "0.25", "92010.0", "59.81")),
                List.of(venue(11, 0, null, "0.25", "92010.0", "59.95")))).containsExactly("fee_mismatch 1->11");
    }

    @Test
    void quantityWinsOverPriceAndPriceOverFee() {
        assertThat(closed(EXACT, List.of(ours(1, 0, "1", "100", "1")), List.of(venue(11, 0, null, "2", "101", "2"))))
                .containsExactly("qty_mismatch 1->11");
        assertThat(closed(EXACT, List.of(ours(1, 0, "1", "100", "1")), List.of(venue(11, 0, null, "1", "101", "2"))))
                .containsExactly("price_mismatch 1->11");
    }

    @Test
    void aFillOnOneSideOnlyIsMissingOnTheOther() {
        assertThat(closed(EXACT, List.of(ours(1, 0, "1", "100", "1")), List.of()))
                .containsExactly("missing_at_venue 1->0");
        assertThat(closed(EXACT, List.of(), List.of(venue(11, 0, null, "1", "100", "1"))))
                .containsExactly("missing_in_ledger 0->11");
    }

    @Test
    void priceAndFeeToleranceEdgesAreInclusiveAndExactDecimals() {
        final ReconciliationTolerance cent = new ReconciliationTolerance(new BigDecimal("0.01"),
                new BigDecimal("0.01"), ReconciliationTolerance.DEFAULT_TIME);
        // As doubles 59.82 - 59.81 is 0.010000000000005116, above 0.01: only exact decimals keep the edge inside.
        assertThat(closed(cent, List.of(ours(1, 0, "0.25", "92010.00", "59.81")),
                List.of(venue(11, 0, null, "0.25", "92010.01", "59.82")))).containsExactly("matched 1->11");
        assertThat(closed(cent, List.of(ours(1, 0, "0.25", "92010.00", "59.81")),
                List.of(venue(11, 0, null, "0.25", "92010.00", "59.83")))).containsExactly("fee_mismatch 1->11");
        assertThat(closed(cent, List.of(ours(1, 0, "0.25", "92010.00", "59.81")),
                List.of(venue(11, 0, null, "0.25", "92010.02", "59.81")))).containsExactly("price_mismatch 1->11");
        // Tolerance 0: equal numbers written differently are equal; the smallest difference is not.
        assertThat(closed(EXACT, List.of(ours(1, 0, "0.125", "92015.0", "29.9")),
                List.of(venue(11, 0, null, "0.125", "92015", "29.90")))).containsExactly("matched 1->11");
        assertThat(closed(EXACT, List.of(ours(1, 0, "0.125", "92015.0", "29.9")),
                List.of(venue(11, 0, null, "0.125", "92015", "29.900001")))).containsExactly("fee_mismatch 1->11");
    }

    @Test
    void quantitiesHaveNoTolerance() {
        final ReconciliationTolerance loose = new ReconciliationTolerance(new BigDecimal("1"), new BigDecimal("1"),
                ReconciliationTolerance.DEFAULT_TIME);
        assertThat(closed(loose, List.of(ours(1, 0, "0.5", "100", "1")),
                List.of(venue(11, 0, null, "0.50000001", "100", "1")))).containsExactly("qty_mismatch 1->11");
    }

    @Test
    void timeToleranceIsInclusiveAndKeepsFillsFurtherApartUnpaired() {
        // Default 5 s: exactly 5 s apart is one execution, 5.001 s is not.
        assertThat(closed(EXACT, List.of(ours(1, 5_000, "1", "100", "1")), List.of(venue(11, 0, null, "1", "100", "1"))))
                .containsExactly("matched 1->11");
        assertThat(closed(EXACT, List.of(ours(1, 5_001, "1", "100", "1")), List.of(venue(11, 0, null, "1", "100", "1"))))
                .containsExactly("missing_at_venue 1->0", "missing_in_ledger 0->11");
        // Mismatching pairs are held to it too: two unrelated fills of one order are not a qty mismatch.
        assertThat(closed(EXACT, List.of(ours(1, 9_000, "2", "100", "1")), List.of(venue(11, 0, null, "1", "100", "1"))))
                .containsExactly("missing_at_venue 1->0", "missing_in_ledger 0->11");
        final ReconciliationTolerance tight = new ReconciliationTolerance(BigDecimal.ZERO, BigDecimal.ZERO,
                Duration.ofMillis(1));
        assertThat(closed(tight, List.of(ours(1, 2, "1", "100", "1")), List.of(venue(11, 0, null, "1", "100", "1"))))
                .containsExactly("missing_at_venue 1->0", "missing_in_ledger 0->11");
    }

    @Test
    void equalTradeIdsPairWhateverTheirTimesAndValues() {
        assertThat(closed(EXACT, List.of(ours(1, 0, "T-1", "1", "100", "1"), ours(2, 60_000, "T-2", "1", "100", "2")),
                List.of(venue(11, 60_000, "T-1", "1", "100", "1"), venue(12, 0, "T-2", "1", "100", "1"))))
                .containsExactly("fee_mismatch 2->12", "matched 1->11");
    }

    @Test
    void twoFillsWithDifferentTradeIdsNeverPair() {
        assertThat(closed(EXACT, List.of(ours(1, 0, "T-1", "1", "100", "1")),
                List.of(venue(11, 0, "T-9", "1", "100", "1"))))
                .containsExactly("missing_at_venue 1->0", "missing_in_ledger 0->11");
    }

    @Test
    void aTradeIdOnOneSideOnlyFallsBackToValues() {
        assertThat(closed(EXACT, List.of(ours(1, 0, "1", "100", "1")), List.of(venue(11, 0, "T-1", "1", "100", "1"))))
                .containsExactly("matched 1->11");
    }

    @Test
    void equalFillsPairInTimeOrderNotArrivalOrder() {
        // Two identical venue fills and two identical ours, arriving newest first: the earliest pair first.
        assertThat(closed(EXACT, List.of(ours(1, 700, "0.1", "100", "1"), ours(2, 300, "0.1", "100", "1")),
                List.of(venue(11, 650, "T-b", "0.1", "100", "1"), venue(12, 250, "T-a", "0.1", "100", "1"))))
                .containsExactly("matched 2->12", "matched 1->11");
    }

    @Test
    void valuesPairBeforeTimeOrderSoAMismatchIsNotMadeOfTwoGoodFills() {
        // Ours 0.125 then 0.25, the venue 0.25 then 0.125 (its clock slightly off): both match by value.
        assertThat(closed(EXACT, List.of(ours(1, 100, "0.125", "100", "1"), ours(2, 200, "0.25", "100", "2")),
                List.of(venue(11, 90, null, "0.25", "100", "2"), venue(12, 210, null, "0.125", "100", "1"))))
                .containsExactly("matched 2->11", "matched 1->12");
    }

    @Test
    void whatValuesLeaveOverPairsOneToOneInTimeOrder() {
        assertThat(closed(EXACT,
                List.of(ours(1, 0, "1.5", "100", "1"), ours(2, 1_000, "2.5", "100", "1"),
                        ours(3, 2_000, "3", "100", "1"), ours(4, 3_000, "4", "100", "1")),
                List.of(venue(11, 10, null, "1", "100", "1"), venue(12, 1_010, null, "2", "100", "1"),
                        venue(13, 1_990, null, "3", "100", "1"))))
                .containsExactly("matched 3->13", "qty_mismatch 1->11", "qty_mismatch 2->12", "missing_at_venue 4->0");
    }

    @Test
    void fixtureOrderC0001() {
        // ledger_v1's c-0001 against the venue: a fee mismatch, a match, and our third fill missing at the venue.
        assertThat(closed(EXACT,
                List.of(ours(5, 400, "0.25", "92010.0", "59.81"), ours(6, 700, "0.125", "92015.0", "29.9"),
                        ours(9, 1_000, "0.125", "92020.0", "29.91")),
                List.of(venue(11, 398, "THVRQM", "0.25", "92010.0", "59.95"),
                        venue(12, 699, "T5EBJW", "0.125", "92015", "29.9"))))
                .containsExactly("fee_mismatch 5->11", "matched 6->12", "missing_at_venue 9->0");
    }

    @Test
    void absentValuesOnOurSideAreNotCompared() {
        assertThat(closed(EXACT, List.of(new FillFacts(T0, null, new BigDecimal("1"), null, null, 1)),
                List.of(venue(11, 0, null, "1", "100", "0.26")))).containsExactly("matched 1->11");
    }

    @Test
    void settleDecidesOnlyWhatNoLaterFillCouldChangeAndCloseTheRest() {
        final OrderReconciliation order = new OrderReconciliation(EXACT);
        assertThat(order.addVenue(venue(11, 0, "T-1", "0.8", "100", "1"))).isTrue();
        assertThat(order.settle()).isEmpty();
        order.addOurs(ours(1, 10, "0.75", "100", "1"));
        assertThat(order.settle()).isEmpty(); // a 0.8 of ours may still come
        order.addOurs(ours(2, 20, "0.8", "100", "1.5"));
        assertThat(describe(order.settle())).containsExactly("fee_mismatch 2->11");
        assertThat(order.pendingOurs()).extracting(FillFacts::arrival).containsExactly(1L);
        assertThat(order.pendingVenue()).isEmpty();
        assertThat(describe(order.close())).containsExactly("missing_at_venue 1->0");
        assertThat(order.close()).isEmpty();
    }

    @Test
    void arrivalOrderDoesNotChangeTheDecisions() {
        final List<FillFacts> ours = List.of(ours(5, 400, "0.25", "92010.0", "59.81"),
                ours(6, 700, "0.125", "92015.0", "29.9"), ours(9, 1_000, "0.125", "92020.0", "29.91"));
        final List<FillFacts> venue = List.of(venue(11, 398, "THVRQM", "0.25", "92010.0", "59.95"),
                venue(12, 699, "T5EBJW", "0.125", "92015", "29.9"));
        // Venue first, then ours newest first, settling after each: the same three decisions as all at once.
        final OrderReconciliation order = new OrderReconciliation(EXACT);
        final java.util.ArrayList<FillMatch> decided = new java.util.ArrayList<>();
        venue.forEach(v -> {
            order.addVenue(v);
            decided.addAll(order.settle());
        });
        for (int i = ours.size() - 1; i >= 0; i--) {
            order.addOurs(ours.get(i));
            decided.addAll(order.settle());
        }
        decided.addAll(order.close());
        assertThat(describe(decided)).containsExactlyInAnyOrder("fee_mismatch 5->11", "matched 6->12",
                "missing_at_venue 9->0");
    }

    @Test
    void aRepeatedTradeIdIsARedelivery() {
        final OrderReconciliation order = new OrderReconciliation(EXACT);
        assertThat(order.addVenue(venue(11, 0, "T-1", "1", "100", "1"))).isTrue();
        assertThat(order.addVenue(venue(12, 0, "T-1", "1", "100", "1"))).isFalse();
        order.addOurs(ours(1, 0, "1", "100", "1"));
        assertThat(describe(order.close())).containsExactly("matched 1->11");
        // Remembered after the decision too: a redelivery after the match is not a second venue fill.
        assertThat(order.addVenue(venue(13, 0, "T-1", "1", "100", "1"))).isFalse();
    }

    @Test
    void negativeTolerancesAreRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() ->
                new ReconciliationTolerance(new BigDecimal("-0.01"), BigDecimal.ZERO, Duration.ZERO));
    }

    private static List<String> closed(final ReconciliationTolerance tolerance, final List<FillFacts> ours,
                                       final List<FillFacts> venue) {
        final OrderReconciliation order = new OrderReconciliation(tolerance);
        ours.forEach(order::addOurs);
        venue.forEach(order::addVenue);
        return describe(order.close());
    }

    private static List<String> describe(final List<FillMatch> matches) {
        return matches.stream().map(m -> m.result().label() + " " + (m.ours() == null ? 0 : m.ours().arrival())
                + "->" + (m.venue() == null ? 0 : m.venue().arrival())).toList();
    }

    private static FillFacts ours(final long arrival, final long millis, final String qty, final String price,
                                  final String fee) {
        return ours(arrival, millis, null, qty, price, fee);
    }

    private static FillFacts ours(final long arrival, final long millis, final String tradeId, final String qty,
                                  final String price, final String fee) {
        return new FillFacts(T0 + millis * 1000, tradeId, new BigDecimal(qty), new BigDecimal(price),
                new BigDecimal(fee), arrival);
    }

    private static FillFacts venue(final long arrival, final long millis, final String tradeId, final String qty,
                                   final String price, final String fee) {
        return new FillFacts(T0 + millis * 1000, tradeId, new BigDecimal(qty), new BigDecimal(price),
                new BigDecimal(fee), arrival);
    }
}
