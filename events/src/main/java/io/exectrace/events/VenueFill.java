package io.exectrace.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One fill as the venue reports it (the second input, for reconciliation), whichever format it arrived in: the
 * generic form of the {@code venue-fills} topic ({@link VenueFillParser}) or Kraken's TradesHistory
 * ({@link KrakenTradesReader}).
 *
 * <p>Time is epoch microseconds, UTC, as in {@link ExecutionEvent}, so both sides of a reconciliation compare on
 * one clock without conversions; quantities, prices and fees are doubles as there. The constructor rejects what no
 * parser lets through (a blank id, a side that is neither buy nor sell, a quantity or price that is not positive),
 * so a fill built elsewhere (the generator, a test) is as valid as a parsed one.
 *
 * @param tsMicros      execution time at the venue, epoch microseconds, UTC
 * @param venue         the venue, lower-cased ({@code kraken})
 * @param venueOrderId  the venue's order id (Kraken's {@code ordertxid}); the ledger's ack carries it as
 *                      {@code broker_order_id}
 * @param clientOrderId our client order id as the venue echoes it, or {@code null}
 * @param tradeId       the venue's id of this execution (Kraken's trade id, the key of the trade)
 * @param symbol        our symbol, {@code BASE-QUOTE} ({@code BTC-EUR}), through {@link VenueSymbols}
 * @param side          {@link Side#BUY} or {@link Side#SELL}
 * @param quantity      executed quantity in the base currency, positive
 * @param price         execution price in the quote currency, positive
 * @param fee           fee in {@code feeCurrency}; may be zero or negative (a rebate)
 * @param feeCurrency   currency of the fee, upper-cased ({@code EUR})
 */
public record VenueFill(
        long tsMicros,
        String venue,
        String venueOrderId,
        String clientOrderId,
        String tradeId,
        String symbol,
        Side side,
        double quantity,
        double price,
        double fee,
        String feeCurrency) {

    public VenueFill {
        requireText(venue, "venue");
        requireText(venueOrderId, "venueOrderId");
        requireText(tradeId, "tradeId");
        requireText(symbol, "symbol");
        requireText(feeCurrency, "feeCurrency");
        if (clientOrderId != null && clientOrderId.isBlank()) {
            throw new IllegalArgumentException("clientOrderId is blank (absent is null)");
        }
        if (Objects.requireNonNull(side, "side") == Side.UNKNOWN) {
            throw new IllegalArgumentException("side must be BUY or SELL");
        }
        if (!(quantity > 0) || !Double.isFinite(quantity)) {
            throw new IllegalArgumentException("quantity must be positive, got " + quantity);
        }
        if (!(price > 0) || !Double.isFinite(price)) {
            throw new IllegalArgumentException("price must be positive, got " + price);
        }
        if (!Double.isFinite(fee)) {
            throw new IllegalArgumentException("fee must be a finite number, got " + fee);
        }
    }

    /** The execution time as an {@link Instant} (microsecond precision). */
    public Instant ts() {
        return Instant.ofEpochSecond(Math.floorDiv(tsMicros, 1_000_000L), Math.floorMod(tsMicros, 1_000_000L) * 1000L);
    }

    private static void requireText(final String value, final String name) {
        if (Objects.requireNonNull(value, name).isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
