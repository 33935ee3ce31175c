package io.exectrace.streams.reconciliation;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.VenueFill;
import java.math.BigDecimal;
import java.util.Comparator;

/**
 * One fill as reconciliation compares it, ours or the venue's. Amounts are exact decimals: both inputs carry doubles
 * read from decimal text, and {@link BigDecimal#valueOf(double)} gives back the shortest decimal that reads as that
 * double ({@code 29.9} from {@code 29.90}), so a comparison never sees binary noise such as {@code 0.30000000000000004}.
 *
 * @param tsMicros fill time, epoch microseconds, UTC
 * @param tradeId  the venue's execution id, or null (ledger fills carry none today)
 * @param quantity filled quantity, or null when the fill reports none
 * @param price    fill price, or null when the fill reports none
 * @param fee      fee, or null when the fill reports none
 * @param arrival  the caller's arrival order (a line number, an offset): breaks ties between equal times and lets
 *                 the caller find its record again
 */
public record FillFacts(long tsMicros, String tradeId, BigDecimal quantity, BigDecimal price, BigDecimal fee,
                        long arrival) {
    /** Time order, then arrival order: the order in which fills pair up. */
    static final Comparator<FillFacts> TIME_ORDER =
            Comparator.comparingLong(FillFacts::tsMicros).thenComparingLong(FillFacts::arrival);

    /** The venue's fill. */
    public static FillFacts ofVenue(final VenueFill fill, final long arrival) {
        return new FillFacts(fill.tsMicros(), fill.tradeId(), decimal(fill.quantity()), decimal(fill.price()),
                decimal(fill.fee()), arrival);
    }

    /** Our fill event; the execution event has no trade id. */
    public static FillFacts ofLedger(final ExecutionEvent fill, final long arrival) {
        return new FillFacts(fill.tsMicros(), null, decimal(fill.quantity()), decimal(fill.price()),
                decimal(fill.fee()), arrival);
    }

    /** The shortest decimal of {@code value}, or null for NaN (absent) and infinities. */
    public static BigDecimal decimal(final double value) {
        return Double.isFinite(value) ? BigDecimal.valueOf(value) : null;
    }
}
