package io.exectrace.streams.serde;

import io.exectrace.streams.TimelineIndexEntry;

/** Binary serde of the {@code session-timeline-index} store's values: three longs. */
public final class TimelineIndexEntrySerde extends BinarySerde<TimelineIndexEntry> {

    @Override
    int sizeOf(final TimelineIndexEntry value) {
        return 24;
    }

    @Override
    void write(final TimelineIndexEntry value, final ByteSink sink) {
        sink.writeLong(value.minTsMicros());
        sink.writeLong(value.maxTsMicros());
        sink.writeLong(value.count());
    }

    @Override
    TimelineIndexEntry read(final ByteSource source) {
        return new TimelineIndexEntry(source.readLong(), source.readLong(), source.readLong());
    }
}
