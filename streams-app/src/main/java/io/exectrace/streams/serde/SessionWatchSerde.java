package io.exectrace.streams.serde;

import io.exectrace.streams.SessionWatch;

/** Binary serde of the {@code session-watch} store's values. */
public final class SessionWatchSerde extends BinarySerde<SessionWatch> {

    @Override
    int sizeOf(final SessionWatch value) {
        return ByteSink.sizeOfString(value.mode()) + 8 * 4 + 1;
    }

    @Override
    void write(final SessionWatch value, final ByteSink sink) {
        sink.writeString(value.mode());
        sink.writeLong(value.lastTsMicros());
        sink.writeLong(value.clockMillis());
        sink.writeLong(value.wallClockLastArrivalMs());
        sink.writeByte((value.live() ? 1 : 0) | (value.noEventsAlerted() ? 2 : 0));
        sink.writeLong(value.pendingParseErrors());
    }

    @Override
    SessionWatch read(final ByteSource source) {
        final String mode = source.readString();
        final long lastTs = source.readLong();
        final long clock = source.readLong();
        final long wallClock = source.readLong();
        final int flags = source.readByte();
        final long pending = source.readLong();
        return new SessionWatch(mode, lastTs, clock, wallClock, (flags & 1) != 0, (flags & 2) != 0, pending);
    }
}
