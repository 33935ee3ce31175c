package io.exectrace.streams.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.Side;
import io.exectrace.events.VenueFill;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Everything at once: our fills find their orders, venue fills find theirs or none, decisions land per session. */
class ReconciliationRunTest {
    private static final long T0 = 1_766_239_200_000_000L;

    @Test
    void decisionsLandInTheSessionOfTheOrderAndUnknownOrdersAtVenueLevel() {
        final ReconciliationRun run = new ReconciliationRun(ReconciliationTolerance.defaults(), ReconciliationRun.DEFAULT_WINDOW);
        run.addOrder(new OurOrder("run-a", "c-1", "O-1", "kraken"));
        run.addOrder(new OurOrder("run-b", "c-1", "O-2", "kraken"));
        run.addOrder(new OurOrder("run-c", "c-7", null, null));
        // Our fills name their order by either id.
        run.addOurFill("run-a", "c-1", null, "kraken", ours(1, 0, "1", "100", "0.5"));
        run.addOurFill("run-b", null, "O-2", "kraken", ours(2, 0, "2", "100", "0.5"));
        run.addVenueFill(venue("O-1", null, "T-1", 0, 1.0, 100.0, 0.5), 11);
        run.addVenueFill(venue("O-2", "c-1", "T-2", 0, 2.0, 100.0, 0.6), 12);
        run.addVenueFill(venue("O-9", null, "T-9", 0, 3.0, 100.0, 0.5), 13);
        final ReconciliationReport report = run.finish();

        assertThat(report.bySession()).containsOnlyKeys("run-a", "run-b", "run-c");
        assertThat(results(report.bySession().get("run-a"))).containsExactly("matched 1->11");
        assertThat(results(report.bySession().get("run-b"))).containsExactly("fee_mismatch 2->12");
        assertThat(report.bySession().get("run-c")).isEmpty();
        assertThat(results(report.unknownOrders())).containsExactly("missing_in_ledger 0->13");
        assertThat(report.unknownOrders().get(0).order()).isNull();
        assertThat(report.unknownOrders().get(0).venueFill().venueOrderId()).isEqualTo("O-9");
        assertThat(report.bySession().get("run-b").get(0).venueFill().tradeId()).isEqualTo("T-2");
        assertThat(ReconciliationReport.counts(report.bySession().get("run-b"))).isEqualTo(Map.of(
                ReconciliationResult.MATCHED, 0, ReconciliationResult.QTY_MISMATCH, 0,
                ReconciliationResult.PRICE_MISMATCH, 0, ReconciliationResult.FEE_MISMATCH, 1,
                ReconciliationResult.MISSING_AT_VENUE, 0, ReconciliationResult.MISSING_IN_LEDGER, 0));
    }

    @Test
    void aVenueFillForAnOrderOfOursWithoutFillsIsMissingInLedgerInThatSession() {
        final ReconciliationRun run = new ReconciliationRun(ReconciliationTolerance.defaults(), ReconciliationRun.DEFAULT_WINDOW);
        run.addOrder(new OurOrder("ledger_v1", "c-0005", "O3Z7QY", "kraken"));
        run.addVenueFill(venue("O3Z7QY", "c-0005", "TJTNYU", 3_901, 0.1, 92000.0, 23.92), 6);
        final ReconciliationReport report = run.finish();
        assertThat(results(report.bySession().get("ledger_v1"))).containsExactly("missing_in_ledger 0->6");
        assertThat(report.bySession().get("ledger_v1").get(0).order().clientOrderId()).isEqualTo("c-0005");
        assertThat(report.unknownOrders()).isEmpty();
    }

    @Test
    void aFillWhoseOrderIsUnknownMakesItsOwnOrderAndOneWithoutIdsCannotBeFound() {
        final ReconciliationRun run = new ReconciliationRun(ReconciliationTolerance.defaults(), ReconciliationRun.DEFAULT_WINDOW);
        run.addOurFill("s", null, "O-5", null, ours(1, 0, "1", "100", "1"));
        run.addOurFill("s", null, null, null, ours(2, 0, "1", "100", "1"));
        run.addVenueFill(venue("O-5", null, "T-5", 0, 1.0, 100.0, 1.0), 11);
        final ReconciliationReport report = run.finish();
        assertThat(results(report.bySession().get("s"))).containsExactly("matched 1->11", "missing_at_venue 2->0");
        assertThat(report.unknownOrders()).isEmpty();
    }

    @Test
    void theClientOrderIdFallbackFindsAnUnackedOrder() {
        final ReconciliationRun run = new ReconciliationRun(ReconciliationTolerance.defaults(), ReconciliationRun.DEFAULT_WINDOW);
        run.addOrder(new OurOrder("s", "c-3", null, "kraken"));
        run.addOurFill("s", "c-3", null, "kraken", ours(1, 0, "1", "100", "1"));
        run.addVenueFill(venue("O-3", "c-3", "T-3", 0, 1.0, 101.0, 1.0), 11);
        assertThat(results(run.finish().bySession().get("s"))).containsExactly("price_mismatch 1->11");
    }

    private static List<String> results(final List<ReconciledFill> fills) {
        return fills.stream().map(f -> f.result().label() + " "
                + (f.match().ours() == null ? 0 : f.match().ours().arrival()) + "->"
                + (f.match().venue() == null ? 0 : f.match().venue().arrival())).toList();
    }

    private static FillFacts ours(final long arrival, final long millis, final String qty, final String price,
                                  final String fee) {
        return new FillFacts(T0 + millis * 1000, null, new BigDecimal(qty), new BigDecimal(price),
                new BigDecimal(fee), arrival);
    }

    private static VenueFill venue(final String orderId, final String clientOrderId, final String tradeId,
                                   final long millis, final double qty, final double price, final double fee) {
        return new VenueFill(T0 + millis * 1000, "kraken", orderId, clientOrderId, tradeId, "BTC-EUR", Side.BUY,
                qty, price, fee, "EUR");
    }
}
