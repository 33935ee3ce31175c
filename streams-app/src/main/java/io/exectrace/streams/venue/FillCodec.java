package io.exectrace.streams.venue;

import io.exectrace.events.Side;
import io.exectrace.events.VenueFill;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;
import io.exectrace.streams.reconciliation.FillFacts;
import io.exectrace.streams.reconciliation.ReconciliationResult;
import java.math.BigDecimal;

/** Binary fields of fills shared by this package's serdes: amounts as their exact decimal text. */
final class FillCodec {
    private static final Side[] SIDES = Side.values();
    private static final ReconciliationResult[] RESULTS = ReconciliationResult.values();

    private FillCodec() {
    }

    static int sizeOf(final FillFacts f) {
        if (f == null) {
            return 1;
        }
        return 1 + 8 + ByteSink.sizeOfString(f.tradeId()) + ByteSink.sizeOfString(text(f.quantity()))
                + ByteSink.sizeOfString(text(f.price())) + ByteSink.sizeOfString(text(f.fee())) + 8;
    }

    static void write(final FillFacts f, final ByteSink sink) {
        sink.writeByte(f == null ? 0 : 1);
        if (f != null) {
            sink.writeLong(f.tsMicros());
            sink.writeString(f.tradeId());
            sink.writeString(text(f.quantity()));
            sink.writeString(text(f.price()));
            sink.writeString(text(f.fee()));
            sink.writeLong(f.arrival());
        }
    }

    static FillFacts readFacts(final ByteSource source) {
        if (source.readByte() == 0) {
            return null;
        }
        return new FillFacts(source.readLong(), source.readString(), decimal(source.readString()),
                decimal(source.readString()), decimal(source.readString()), source.readLong());
    }

    static int sizeOf(final VenueFill v) {
        if (v == null) {
            return 1;
        }
        return 1 + 8 + ByteSink.sizeOfString(v.venue()) + ByteSink.sizeOfString(v.venueOrderId())
                + ByteSink.sizeOfString(v.clientOrderId()) + ByteSink.sizeOfString(v.tradeId())
                + ByteSink.sizeOfString(v.symbol()) + 1 + 8 * 3 + ByteSink.sizeOfString(v.feeCurrency());
    }

    static void write(final VenueFill v, final ByteSink sink) {
        sink.writeByte(v == null ? 0 : 1);
        if (v != null) {
            sink.writeLong(v.tsMicros());
            sink.writeString(v.venue());
            sink.writeString(v.venueOrderId());
            sink.writeString(v.clientOrderId());
            sink.writeString(v.tradeId());
            sink.writeString(v.symbol());
            sink.writeByte(v.side().ordinal());
            sink.writeDouble(v.quantity());
            sink.writeDouble(v.price());
            sink.writeDouble(v.fee());
            sink.writeString(v.feeCurrency());
        }
    }

    static VenueFill readVenue(final ByteSource source) {
        if (source.readByte() == 0) {
            return null;
        }
        return new VenueFill(source.readLong(), source.readString(), source.readString(), source.readString(),
                source.readString(), source.readString(), source.readEnum(SIDES, "side"), source.readDouble(),
                source.readDouble(), source.readDouble(), source.readString());
    }

    static ReconciliationResult readResult(final ByteSource source) {
        return source.readEnum(RESULTS, "reconciliation result");
    }

    private static String text(final BigDecimal value) {
        return value == null ? null : value.toString();
    }

    private static BigDecimal decimal(final String text) {
        return text == null ? null : new BigDecimal(text);
    }
}
