package io.exectrace.streams.reconciliation;

/**
 * One of our orders as reconciliation knows it: the session it belongs to, the ids the venue may name it by, and
 * when it was live (which tells apart the runs that reuse a client order id).
 *
 * @param sessionId     our session (run) id
 * @param clientOrderId our client order id, or null
 * @param brokerOrderId the venue's order id as our ack (or fill) carried it ({@code broker_order_id}), or null
 * @param exchange      the venue our events name ({@code exchange}), or null when they name none
 * @param span          the event times of its order, ack, fill and cancel events
 */
public record OurOrder(String sessionId, String clientOrderId, String brokerOrderId, String exchange, OrderSpan span) {

    /** An order whose times are not known: by client order id, it is a candidate for a venue fill of any time. */
    public OurOrder(final String sessionId, final String clientOrderId, final String brokerOrderId,
                    final String exchange) {
        this(sessionId, clientOrderId, brokerOrderId, exchange, OrderSpan.ALWAYS);
    }

    /**
     * Whether an order whose events name {@code exchange} (null: none) in a session of {@code mode} is reconciled at
     * all: one that names a venue is; one that names none (Peak_Trade's own dialect never does) only in live mode,
     * since paper, shadow and backtest orders that name no venue never reach one, and every fill of theirs would be
     * reported missing at the venue.
     */
    public static boolean mayReachAVenue(final String exchange, final String mode) {
        return exchange != null || "live".equalsIgnoreCase(mode);
    }

    /** True when our events name no venue or name {@code venue} (case ignored): order ids are per venue. */
    boolean atVenue(final String venue) {
        return exchange == null || exchange.equalsIgnoreCase(venue);
    }
}
