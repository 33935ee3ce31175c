package io.exectrace.streams.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.Side;
import io.exectrace.events.VenueFill;
import org.junit.jupiter.api.Test;

/** Which of our orders a venue fill belongs to: venue order id first, then an unacked client order id, never a guess. */
class OrderLookupTest {
    private static final OurOrder ACKED = new OurOrder("s1", "c-0001", "OUF4EM", "kraken");
    private static final OurOrder UNACKED = new OurOrder("s1", "c-0002", null, "kraken");

    @Test
    void theVenueOrderIdFindsTheOrderWhoseAckCarriedIt() {
        final OrderLookup lookup = lookup(ACKED, UNACKED);
        assertThat(lookup.find(fill("OUF4EM", null))).isEqualTo(ACKED);
        assertThat(lookup.find(fill("OUF4EM", "c-9999"))).isEqualTo(ACKED);
    }

    @Test
    void theClientOrderIdFindsAnOrderWithoutBrokerOrderId() {
        assertThat(lookup(ACKED, UNACKED).find(fill("OXXXXX", "c-0002"))).isEqualTo(UNACKED);
    }

    @Test
    void theClientOrderIdDoesNotOverruleADifferentBrokerOrderId() {
        // Our c-0001 was acked as OUF4EM: a venue order OOTHER that echoes c-0001 is another run's c-0001.
        assertThat(lookup(ACKED, UNACKED).find(fill("OOTHER", "c-0001"))).isNull();
    }

    @Test
    void anUnknownOrderIsNone() {
        assertThat(lookup(ACKED, UNACKED).find(fill("OQCLML", null))).isNull();
        assertThat(lookup(ACKED, UNACKED).find(fill("OQCLML", "c-7777"))).isNull();
    }

    @Test
    void anIdTwoOrdersClaimMatchesNeither() {
        final OurOrder sameBroker = new OurOrder("s2", "c-0001", "OUF4EM", "kraken");
        final OurOrder sameClient = new OurOrder("s2", "c-0002", null, "kraken");
        assertThat(lookup(ACKED, sameBroker).find(fill("OUF4EM", null))).isNull();
        assertThat(lookup(UNACKED, sameClient).find(fill("OXXXXX", "c-0002"))).isNull();
    }

    @Test
    void anOrderAtAnotherVenueIsNotIt() {
        final OurOrder binance = new OurOrder("s1", "c-0001", "OUF4EM", "Binance");
        final OurOrder noVenue = new OurOrder("s1", "c-0003", "OTHER3", null);
        assertThat(lookup(binance, noVenue).find(fill("OUF4EM", null))).isNull();
        assertThat(lookup(binance, noVenue).find(fill("OTHER3", null))).isEqualTo(noVenue);
        assertThat(lookup(new OurOrder("s1", "c-0001", "OUF4EM", "KRAKEN")).find(fill("OUF4EM", null))).isNotNull();
    }

    private static OrderLookup lookup(final OurOrder... orders) {
        final OrderLookup lookup = new OrderLookup();
        for (final OurOrder order : orders) {
            lookup.add(order);
        }
        return lookup;
    }

    private static VenueFill fill(final String venueOrderId, final String clientOrderId) {
        return new VenueFill(1_766_239_200_000_000L, "kraken", venueOrderId, clientOrderId, "T-" + venueOrderId,
                "BTC-EUR", Side.BUY, 0.1, 92000.0, 23.92, "EUR");
    }
}
