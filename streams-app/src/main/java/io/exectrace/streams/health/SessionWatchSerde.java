package io.exectrace.streams.health;

import io.exectrace.streams.codec.BinarySerde;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;

/** Binary serde of the {@code session-watch} store's values. */
final class SessionWatchSerde extends BinarySerde<SessionWatch> {

    @Override
    protected int sizeOf(final SessionWatch value) {
        return ByteSink.sizeOfString(value.mode()) + 8 * 4 + 1;
    }

    @Override
    protected void write(final SessionWatch value, final ByteSink sink) {
        sink.writeString(value.mode());
        sink.writeLong(value.lastTsMicros());
        sink.writeLong(value.clockMillis());
        sink.writeLong(value.wallClockLastArrivalMs());
        sink.writeByte((value.live() ? 1 : 0) | (value.noEventsAlerted() ? 2 : 0));
        sink.writeLong(value.pendingParseErrors());
    }

    @Override
    protected SessionWatch read(final ByteSource source) {
        final String mode = source.readString();
        final long lastTs = source.readLong();
        final long clock = source.readLong();
        final long wallClock = source.readLong();
        final int flags = source.readByte();
        final long pending = source.readLong();
        return new SessionWatch(mode, lastTs, clock, wallClock, (flags & 1) != 0, (flags & 2) != 0, pending);
    }
}
