package io.exectrace.streams.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.Side;
import io.exectrace.events.VenueFill;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.reconciliation.FillFacts;
import io.exectrace.streams.reconciliation.OrderSpan;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fallback's store values and the reconciliation inputs read back as written; inputs of the first format too. */
class ReconciliationStateSerdeTest {
    private static final VenueFill VENUE = new VenueFill(1_766_239_200_398_100L, "kraken", "OMRN01", "c-0001",
            "T1", "BTC-EUR", Side.BUY, 0.1, 92_000.0, 23.92, "EUR");
    private static final FillFacts OURS = new FillFacts(1_766_239_200_300_000L, null, new BigDecimal("0.1"),
            new BigDecimal("92000"), new BigDecimal("23.92"), 1_700_000_000_000L);

    @Test
    void aClientOrderReadsBackWithItsSpanFlagAndFills() {
        final OrderSides sides = new OrderSides(
                List.of(new OrderSides.OrderRef("run_morning", "c-0001", null, "live")),
                List.of(new OrderSides.PendingOurs("run_morning", OURS)),
                List.of(new OrderSides.PendingVenue(VENUE, 1_700_000_000_500L)), List.of("T1"), 1_700_000_000_500L);
        final ClientOrder value = new ClientOrder(sides,
                new OrderSpan(1_766_239_200_100_000L, 1_766_239_200_300_000L), true);
        final ClientOrderSerde serde = new ClientOrderSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", value))).isEqualTo(value);
        final ClientOrder held = ClientOrder.held(new OrderSides(List.of(), List.of(), List.of(), List.of(), 0L));
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", held))).isEqualTo(held);
    }

    @Test
    void anInputReadsBackWithItsEventTimeAndBrokerIdFlag() {
        final ReconciliationInputSerde serde = new ReconciliationInputSerde();
        final ReconciliationInput ours = new ReconciliationInput("run_morning", "c-0001", null, "live", OURS, null,
                1_700_000_000_000L, 1_766_239_200_300_000L, false);
        final ReconciliationInput venue = ReconciliationInput.venue(VENUE, 1_700_000_000_500L);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", ours))).isEqualTo(ours);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", venue))).isEqualTo(venue);
    }

    /** Before the fallback, only inputs with a broker order id were sent: the first format reads as such. */
    @Test
    void anInputOfTheFirstFormatReadsAsOneWithABrokerOrderId() {
        final ByteSink sink = new ByteSink(ByteSink.sizeOfString("ledger_v1") + ByteSink.sizeOfString("c-0001")
                + ByteSink.sizeOfString("kraken") + ByteSink.sizeOfString("shadow") + FillCodec.sizeOf(OURS)
                + FillCodec.sizeOf((VenueFill) null) + 8);
        sink.writeString("ledger_v1");
        sink.writeString("c-0001");
        sink.writeString("kraken");
        sink.writeString("shadow");
        FillCodec.write(OURS, sink);
        FillCodec.write((VenueFill) null, sink);
        sink.writeLong(1_700_000_000_000L);
        final ReconciliationInput read = new ReconciliationInputSerde().deserializer().deserialize("t", sink.bytes());
        assertThat(read).isEqualTo(new ReconciliationInput("ledger_v1", "c-0001", "kraken", "shadow", OURS, null,
                1_700_000_000_000L, OURS.tsMicros(), true));
    }
}
