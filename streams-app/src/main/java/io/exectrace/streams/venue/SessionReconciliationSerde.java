package io.exectrace.streams.venue;

import io.exectrace.streams.codec.BinarySerde;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;
import java.util.ArrayList;
import java.util.List;

/** Binary serde of the {@code session-reconciliation} store's values. */
public final class SessionReconciliationSerde extends BinarySerde<SessionReconciliation> {
    /**
     * First byte of the format that keeps the latest decision's time. The first format began with the number of
     * counts (6), so a value of either format is read.
     */
    private static final int WITH_DECISION_TIME = 0xF2;

    @Override
    protected int sizeOf(final SessionReconciliation value) {
        int size = 2 + 8 * value.counts().length + 8 * 4 + ByteSink.sizeOfVarInt(value.differences().size());
        for (final FillDecision d : value.differences()) {
            size += FillDecisionSerde.size(d);
        }
        return size;
    }

    @Override
    protected void write(final SessionReconciliation value, final ByteSink sink) {
        sink.writeByte(WITH_DECISION_TIME);
        sink.writeLong(value.lastDecidedMillis());
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
        final int first = source.readByte();
        final boolean withTime = first == WITH_DECISION_TIME;
        final long lastDecided = withTime ? source.readLong() : SessionReconciliation.UNKNOWN_TIME;
        final long[] counts = new long[withTime ? source.readByte() : first];
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
        return new SessionReconciliation(counts, lagMax, lagSum, diffs, dropped, lastDecided);
    }
}
