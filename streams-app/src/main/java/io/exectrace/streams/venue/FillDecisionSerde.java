package io.exectrace.streams.venue;

import io.exectrace.streams.codec.BinarySerde;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;

/** Binary serde of {@link FillDecision}: the results repartition topic and the venue-level store. */
public final class FillDecisionSerde extends BinarySerde<FillDecision> {

    static int size(final FillDecision d) {
        return ByteSink.sizeOfString(d.sessionId()) + ByteSink.sizeOfString(d.venueOrderId())
                + ByteSink.sizeOfString(d.clientOrderId()) + ByteSink.sizeOfString(d.mode())
                + ByteSink.sizeOfString(d.exchange()) + 1 + FillCodec.sizeOf(d.ours()) + FillCodec.sizeOf(d.venue())
                + 16;
    }

    static void put(final FillDecision d, final ByteSink sink) {
        sink.writeString(d.sessionId());
        sink.writeString(d.venueOrderId());
        sink.writeString(d.clientOrderId());
        sink.writeString(d.mode());
        sink.writeString(d.exchange());
        sink.writeByte(d.result().ordinal());
        FillCodec.write(d.ours(), sink);
        FillCodec.write(d.venue(), sink);
        sink.writeLong(d.lagMillis());
        sink.writeLong(d.decidedMillis());
    }

    static FillDecision get(final ByteSource source) {
        return new FillDecision(source.readString(), source.readString(), source.readString(), source.readString(),
                source.readString(), FillCodec.readResult(source), FillCodec.readFacts(source),
                FillCodec.readVenue(source), source.readLong(), source.readLong());
    }

    @Override
    protected int sizeOf(final FillDecision value) {
        return size(value);
    }

    @Override
    protected void write(final FillDecision value, final ByteSink sink) {
        put(value, sink);
    }

    @Override
    protected FillDecision read(final ByteSource source) {
        return get(source);
    }
}
