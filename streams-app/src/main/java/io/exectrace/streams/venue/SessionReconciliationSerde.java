package io.exectrace.streams.venue;

import io.exectrace.streams.codec.BinarySerde;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;
import java.util.ArrayList;
import java.util.List;

/** Binary serde of the {@code session-reconciliation} store's values. */
public final class SessionReconciliationSerde extends BinarySerde<SessionReconciliation> {

    @Override
    protected int sizeOf(final SessionReconciliation value) {
        int size = 1 + 8 * value.counts().length + 8 * 3 + ByteSink.sizeOfVarInt(value.differences().size());
        for (final FillDecision d : value.differences()) {
            size += FillDecisionSerde.size(d);
        }
        return size;
    }

    @Override
    protected void write(final SessionReconciliation value, final ByteSink sink) {
        sink.writeByte(value.counts().length);
        for (final long c : value.counts()) {
            sink.writeLong(c);
        }
        sink.writeLong(value.lagMaxMillis());
        sink.writeLong(value.lagSumMillis());
        sink.writeLong(value.differencesDropped());
        sink.writeVarInt(value.differences().size());
        value.differences().forEach(d -> FillDecisionSerde.put(d, sink));
    }

    @Override
    protected SessionReconciliation read(final ByteSource source) {
        final long[] counts = new long[source.readByte()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = source.readLong();
        }
        final long lagMax = source.readLong();
        final long lagSum = source.readLong();
        final long dropped = source.readLong();
        final int n = source.readVarInt();
        final List<FillDecision> diffs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            diffs.add(FillDecisionSerde.get(source));
        }
        return new SessionReconciliation(counts, lagMax, lagSum, diffs, dropped);
    }
}
