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

    @Test
    void aReusedClientOrderIdFindsTheRunThatWasLiveAtTheFillsTime() {
        // Every run numbers its orders from c-0001: yesterday's and today's c-0002 differ only in time.
        final long fillTs = 1_766_239_200_000_000L;
        final long minute = 60_000_000L;
        final OurOrder yesterday = new OurOrder("run-1", "c-0002", null, "kraken",
                new OrderSpan(fillTs - 1_440 * minute, fillTs - 1_439 * minute));
        final OurOrder today = new OurOrder("run-2", "c-0002", null, "kraken",
                new OrderSpan(fillTs - 2 * minute, fillTs - minute));
        assertThat(lookup(yesterday, today).find(fill("OXXXXX", "c-0002"))).isEqualTo(today);
    }

    @Test
    void theWindowBoundsTheClientOrderIdFallbackInclusively() {
        final long fillTs = 1_766_239_200_000_000L;
        final long window = 5 * 60_000_000L;
        final OurOrder endedAtTheEdge = new OurOrder("run-1", "c-0002", null, "kraken",
                new OrderSpan(fillTs - 2 * window, fillTs - window));
        final OurOrder endedJustBefore = new OurOrder("run-1", "c-0002", null, "kraken",
                new OrderSpan(fillTs - 2 * window, fillTs - window - 1));
        final OurOrder startsAtTheEdge = new OurOrder("run-2", "c-0002", null, "kraken",
                new OrderSpan(fillTs + window, fillTs + 2 * window));
        final OurOrder startsJustAfter = new OurOrder("run-2", "c-0002", null, "kraken",
                new OrderSpan(fillTs + window + 1, fillTs + 2 * window));
        assertThat(lookup(endedAtTheEdge).find(fill("OXXXXX", "c-0002"))).isEqualTo(endedAtTheEdge);
        assertThat(lookup(endedJustBefore).find(fill("OXXXXX", "c-0002"))).isNull();
        assertThat(lookup(startsAtTheEdge).find(fill("OXXXXX", "c-0002"))).isEqualTo(startsAtTheEdge);
        assertThat(lookup(startsJustAfter).find(fill("OXXXXX", "c-0002"))).isNull();
        // Two runs live at the fill's time: neither.
        assertThat(lookup(endedAtTheEdge, startsAtTheEdge).find(fill("OXXXXX", "c-0002"))).isNull();
    }

    @Test
    void theVenueOrderIdIsNotBoundByTime() {
        final OurOrder acked = new OurOrder("s1", "c-0001", "OUF4EM", "kraken", OrderSpan.at(0L));
        assertThat(lookup(acked).find(fill("OUF4EM", "c-0001"))).isEqualTo(acked);
    }

    private static OrderLookup lookup(final OurOrder... orders) {
        final OrderLookup lookup = new OrderLookup(java.time.Duration.ofMinutes(5));
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
