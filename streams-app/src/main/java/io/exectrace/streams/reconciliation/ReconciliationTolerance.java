package io.exectrace.streams.reconciliation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How far our fill and the venue's may differ and still be equal. Prices and fees compare as exact decimals
 * ({@link FillFacts}), so a tolerance of 0 means equal to the last written digit.
 *
 * @param price the largest absolute price difference that is still equal, in the quote currency (default 0)
 * @param fee   the largest absolute fee difference that is still equal, in the fee's currency (default 0)
 * @param time  the largest difference between the two sides' fill times for them to be the same execution
 *              (default 5 s); fills paired by trade id are not held to it
 */
public record ReconciliationTolerance(BigDecimal price, BigDecimal fee, Duration time) {
    /** Default time tolerance: venue and ledger clocks, and the time our side takes to learn of a fill. */
    public static final Duration DEFAULT_TIME = Duration.ofSeconds(5);

    public ReconciliationTolerance {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(time, "time");
        if (price.signum() < 0 || fee.signum() < 0 || time.isNegative()) {
            throw new IllegalArgumentException("tolerances must not be negative: price " + price + ", fee " + fee
                    + ", time " + time);
        }
    }

    /** Exact prices and fees, 5 s apart at most. */
    public static ReconciliationTolerance defaults() {
        return new ReconciliationTolerance(BigDecimal.ZERO, BigDecimal.ZERO, DEFAULT_TIME);
    }

    long timeMicros() {
        return time.toNanos() / 1000L;
    }

    boolean priceEqual(final BigDecimal ours, final BigDecimal venue) {
        return within(ours, venue, price);
    }

    boolean feeEqual(final BigDecimal ours, final BigDecimal venue) {
        return within(ours, venue, fee);
    }

    boolean timeClose(final long oursMicros, final long venueMicros) {
        return Math.abs(oursMicros - venueMicros) <= timeMicros();
    }

    /** An absent value on either side (a ledger fill without a fee) is not compared: nothing says it differs. */
    private static boolean within(final BigDecimal a, final BigDecimal b, final BigDecimal tolerance) {
        return a == null || b == null || a.subtract(b).abs().compareTo(tolerance) <= 0;
    }
}
