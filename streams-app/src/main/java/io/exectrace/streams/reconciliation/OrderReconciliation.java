package io.exectrace.streams.reconciliation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The fills of one order, ours and the venue's, and the rule that pairs them (fixtures/README.md, "How fills are
 * reconciled"). Fed in any order, one fill at a time: {@link #settle()} decides the pairs that are certain already
 * (same trade id; same quantity and price), {@link #close()} decides the rest once nothing more is coming (the window
 * has passed, or the input has ended). A file-based caller adds everything and closes.
 *
 * <p>The rule, on the fills still undecided, each side in time order (then arrival order):
 * <ol>
 *   <li>by trade id: a venue fill and one of ours that carry the same trade id pair, whatever their times;</li>
 *   <li>by value: each venue fill pairs with the earliest of ours that has the same quantity, a price within the
 *       price tolerance and a time within the time tolerance: {@code matched}, or {@code fee_mismatch} when the fees
 *       differ beyond the fee tolerance;</li>
 *   <li>(close only) one to one in time order: each venue fill left pairs with the earliest of ours left within the
 *       time tolerance; the first difference in the order quantity, price, fee names the result;</li>
 *   <li>(close only) our fills left are {@code missing_at_venue}, the venue's {@code missing_in_ledger}.</li>
 * </ol>
 * Two fills that both carry a trade id pair by it only (steps 2 and 3 skip such a pair). A fill whose trade id this
 * order has seen already is a redelivery and is dropped.
 *
 * <p>Not thread-safe; one instance per order.
 */
public final class OrderReconciliation {
    private final ReconciliationTolerance tolerance;
    private final List<FillFacts> ours = new ArrayList<>();
    private final List<FillFacts> venue = new ArrayList<>();
    private final Set<String> oursTradeIds = new HashSet<>();
    private final Set<String> venueTradeIds = new HashSet<>();

    public OrderReconciliation(final ReconciliationTolerance tolerance) {
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    }

    /** Adds one of our fills; false when it repeats a trade id of ours already seen (then it is dropped). */
    public boolean addOurs(final FillFacts fill) {
        return add(fill, ours, oursTradeIds);
    }

    /** Adds one of the venue's fills; false when it repeats a trade id already seen (then it is dropped). */
    public boolean addVenue(final FillFacts fill) {
        return add(fill, venue, venueTradeIds);
    }

    /** Our fills not decided yet, in time order. */
    public List<FillFacts> pendingOurs() {
        return sorted(ours);
    }

    /** The venue's fills not decided yet, in time order. */
    public List<FillFacts> pendingVenue() {
        return sorted(venue);
    }

    /** The pairs that no later fill could change (steps 1 and 2), removed from the pending fills. */
    public List<FillMatch> settle() {
        final List<FillMatch> decided = new ArrayList<>();
        pairByTradeId(decided);
        pairByValue(decided);
        return decided;
    }

    /** Every pending fill decided (steps 1 to 4); nothing is pending afterwards. */
    public List<FillMatch> close() {
        final List<FillMatch> decided = settle();
        pairInTimeOrder(decided);
        for (final FillFacts o : sorted(ours)) {
            decided.add(new FillMatch(ReconciliationResult.MISSING_AT_VENUE, o, null));
        }
        for (final FillFacts v : sorted(venue)) {
            decided.add(new FillMatch(ReconciliationResult.MISSING_IN_LEDGER, null, v));
        }
        ours.clear();
        venue.clear();
        return decided;
    }

    private static boolean add(final FillFacts fill, final List<FillFacts> side, final Set<String> tradeIds) {
        Objects.requireNonNull(fill, "fill");
        if (fill.tradeId() != null && !tradeIds.add(fill.tradeId())) {
            return false;
        }
        side.add(fill);
        return true;
    }

    private void pairByTradeId(final List<FillMatch> decided) {
        for (final FillFacts v : sorted(venue)) {
            if (v.tradeId() == null) {
                continue;
            }
            for (final FillFacts o : sorted(ours)) {
                if (v.tradeId().equals(o.tradeId())) {
                    decided.add(pair(o, v));
                    break;
                }
            }
        }
    }

    private void pairByValue(final List<FillMatch> decided) {
        for (final FillFacts v : sorted(venue)) {
            for (final FillFacts o : sorted(ours)) {
                if (mayPairWithoutTradeId(o, v) && sameQuantity(o, v) && tolerance.priceEqual(o.price(), v.price())) {
                    decided.add(pair(o, v));
                    break;
                }
            }
        }
    }

    private void pairInTimeOrder(final List<FillMatch> decided) {
        for (final FillFacts v : sorted(venue)) {
            for (final FillFacts o : sorted(ours)) {
                if (mayPairWithoutTradeId(o, v)) {
                    decided.add(pair(o, v));
                    break;
                }
            }
        }
    }

    /** Steps 2 and 3: never two fills with trade ids of their own (they pair by id or not at all), never too far apart. */
    private boolean mayPairWithoutTradeId(final FillFacts o, final FillFacts v) {
        return (o.tradeId() == null || v.tradeId() == null) && tolerance.timeClose(o.tsMicros(), v.tsMicros());
    }

    /** Quantities have no tolerance: a partial fill of another size is another fill. */
    private static boolean sameQuantity(final FillFacts o, final FillFacts v) {
        return o.quantity() == null || v.quantity() == null || o.quantity().compareTo(v.quantity()) == 0;
    }

    /** Takes both out of the pending fills and names what differs first: quantity, then price, then fee. */
    private FillMatch pair(final FillFacts o, final FillFacts v) {
        ours.remove(o);
        venue.remove(v);
        final ReconciliationResult result = !sameQuantity(o, v) ? ReconciliationResult.QTY_MISMATCH
                : !tolerance.priceEqual(o.price(), v.price()) ? ReconciliationResult.PRICE_MISMATCH
                : !tolerance.feeEqual(o.fee(), v.fee()) ? ReconciliationResult.FEE_MISMATCH
                : ReconciliationResult.MATCHED;
        return new FillMatch(result, o, v);
    }

    private static List<FillFacts> sorted(final List<FillFacts> fills) {
        final List<FillFacts> copy = new ArrayList<>(fills);
        copy.sort(FillFacts.TIME_ORDER);
        return copy;
    }
}
