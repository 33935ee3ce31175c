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
                + FillCodec.sizeOf(value.ours()) + FillCodec.sizeOf(value.venue()) + 8;
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
    }

    @Override
    protected ReconciliationInput read(final ByteSource source) {
        return new ReconciliationInput(source.readString(), source.readString(), source.readString(),
                source.readString(), FillCodec.readFacts(source), FillCodec.readVenue(source), source.readLong());
    }
}
