package io.exectrace.streams.reconciliation;

/**
 * One of our orders as reconciliation knows it: the session it belongs to and the ids the venue may name it by.
 *
 * @param sessionId     our session (run) id
 * @param clientOrderId our client order id, or null
 * @param brokerOrderId the venue's order id as our ack (or fill) carried it ({@code broker_order_id}), or null
 * @param exchange      the venue our events name ({@code exchange}), or null when they name none
 */
public record OurOrder(String sessionId, String clientOrderId, String brokerOrderId, String exchange) {

    /** True when our events name no venue or name {@code venue} (case ignored): order ids are per venue. */
    boolean atVenue(final String venue) {
        return exchange == null || exchange.equalsIgnoreCase(venue);
    }
}
