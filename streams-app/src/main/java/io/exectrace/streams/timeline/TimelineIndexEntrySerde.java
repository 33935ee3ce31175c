package io.exectrace.streams.timeline;

import io.exectrace.streams.codec.BinarySerde;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;

/** Binary serde of the {@code session-timeline-index} store's values: three longs. */
final class TimelineIndexEntrySerde extends BinarySerde<TimelineIndexEntry> {

    @Override
    protected int sizeOf(final TimelineIndexEntry value) {
        return 24;
    }

    @Override
    protected void write(final TimelineIndexEntry value, final ByteSink sink) {
        sink.writeLong(value.minTsMicros());
        sink.writeLong(value.maxTsMicros());
        sink.writeLong(value.count());
    }

    @Override
    protected TimelineIndexEntry read(final ByteSource source) {
        return new TimelineIndexEntry(source.readLong(), source.readLong(), source.readLong());
    }
}
