package io.exectrace.streams.health;

import io.exectrace.streams.codec.BinarySerde;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;

/** Binary serde of the health window stores' values: a version byte, eight longs and the kept top latencies. */
final class HealthCountsSerde extends BinarySerde<HealthCounts> {

    private static final int VERSION = 1;

    @Override
    protected int sizeOf(final HealthCounts value) {
        return 1 + 8 * 8 + 1 + 8 * value.slowestIntentToFill().length;
    }

    @Override
    protected void write(final HealthCounts value, final ByteSink sink) {
        sink.writeByte(VERSION);
        sink.writeLong(value.events());
        sink.writeLong(value.errors());
        sink.writeLong(value.parseErrors());
        sink.writeLong(value.riskBlocks());
        sink.writeLong(value.chains());
        sink.writeLong(value.missingFills());
        sink.writeLong(value.intentToFillSamples());
        sink.writeLong(value.intentToFillSlow());
        sink.writeByte(value.slowestIntentToFill().length);
        for (final long latency : value.slowestIntentToFill()) {
            sink.writeLong(latency);
        }
    }

    @Override
    protected HealthCounts read(final ByteSource source) {
        final int version = source.readByte();
        if (version != VERSION) {
            throw new org.apache.kafka.common.errors.SerializationException("unsupported HealthCounts version "
                    + version);
        }
        final long events = source.readLong();
        final long errors = source.readLong();
        final long parseErrors = source.readLong();
        final long riskBlocks = source.readLong();
        final long chains = source.readLong();
        final long missingFills = source.readLong();
        final long samples = source.readLong();
        final long slow = source.readLong();
        final long[] top = new long[source.readByte()];
        for (int i = 0; i < top.length; i++) {
            top[i] = source.readLong();
        }
        return new HealthCounts(events, errors, parseErrors, riskBlocks, chains, missingFills, samples, slow, top);
    }
}
