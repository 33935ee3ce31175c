package io.exectrace.streams.venue;

import io.exectrace.streams.codec.BinarySerde;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;

/** Binary serde of the reconciliation repartition topic's values. */
public final class ReconciliationInputSerde extends BinarySerde<ReconciliationInput> {

    @Override
    protected int sizeOf(final ReconciliationInput value) {
        return ByteSink.sizeOfString(value.sessionId()) + ByteSink.sizeOfString(value.clientOrderId())
                + ByteSink.sizeOfString(value.exchange()) + ByteSink.sizeOfString(value.mode())
                + FillCodec.sizeOf(value.ours()) + FillCodec.sizeOf(value.venue()) + 8 + 8 + 1;
    }

    @Override
    protected void write(final ReconciliationInput value, final ByteSink sink) {
        sink.writeString(value.sessionId());
        sink.writeString(value.clientOrderId());
        sink.writeString(value.exchange());
        sink.writeString(value.mode());
        FillCodec.write(value.ours(), sink);
        FillCodec.write(value.venue(), sink);
        sink.writeLong(value.arrivalMillis());
        sink.writeLong(value.eventTsMicros());
        sink.writeByte(value.brokerOrderIdSet() ? 1 : 0);
    }

    @Override
    protected ReconciliationInput read(final ByteSource source) {
        final String sessionId = source.readString();
        final String clientOrderId = source.readString();
        final String exchange = source.readString();
        final String mode = source.readString();
        final var ours = FillCodec.readFacts(source);
        final var venue = FillCodec.readVenue(source);
        final long arrival = source.readLong();
        if (source.atEnd()) {
            // Written before the event time and the broker-id flag were added: our side of those carried a broker
            // order id (only that side was sent).
            return new ReconciliationInput(sessionId, clientOrderId, exchange, mode, ours, venue, arrival,
                    ours == null ? 0L : ours.tsMicros(), venue == null);
        }
        return new ReconciliationInput(sessionId, clientOrderId, exchange, mode, ours, venue, arrival,
                source.readLong(), source.readByte() == 1);
    }
}
