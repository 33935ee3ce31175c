package io.exectrace.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Writes a {@link VenueFill} in the generic form, one JSON object in a fixed field order:
 * {@code ts} (ISO-8601 UTC, three fraction digits, six when there are microseconds), {@code venue},
 * {@code venue_order_id}, {@code client_order_id} (left out when absent), {@code trade_id}, {@code symbol},
 * {@code side} ({@code buy}/{@code sell}), {@code qty}, {@code price}, {@code fee} (shortest decimal that reads back
 * as the same double), {@code fee_currency}. The {@code venue-fills} topic holds exactly this; {@link VenueFillParser}
 * reads it back into an equal fill.
 */
public final class VenueFillJson {
    private static final JsonFactory JSON = new JsonFactory();

    private VenueFillJson() {
    }

    /** The generic form of {@code fill}, UTF-8, without a line terminator. */
    public static byte[] write(final VenueFill fill) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", IsoTimestamp.format(fill.tsMicros()));
            g.writeStringField("venue", fill.venue());
            g.writeStringField("venue_order_id", fill.venueOrderId());
            if (fill.clientOrderId() != null) {
                g.writeStringField("client_order_id", fill.clientOrderId());
            }
            g.writeStringField("trade_id", fill.tradeId());
            g.writeStringField("symbol", fill.symbol());
            g.writeStringField("side", fill.side().name().toLowerCase(Locale.ROOT));
            g.writeNumberField("qty", fill.quantity());
            g.writeNumberField("price", fill.price());
            g.writeNumberField("fee", fill.fee());
            g.writeStringField("fee_currency", fill.feeCurrency());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a venue fill in memory", e);
        }
        return out.toByteArray();
    }
}
