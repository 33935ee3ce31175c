package io.exectrace.streams.sessions;

import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;
import java.util.ArrayList;
import java.util.List;

/**
 * One session in the {@link SessionsIndex}: its place in the order (newest event time, then id) and what the
 * session list filters on and retention judges by, so neither has to read the session's summary.
 *
 * @param sessionId          the session
 * @param lastTsMicros       its newest event time (µs), the order of the list (newest first)
 * @param mode               its mode, null while unknown
 * @param symbols            its symbols, sorted
 * @param idleClosed         whether the idle timeout closed it (and nothing arrived since)
 * @param lastSeenWallMillis arrival time (the task's arrival clock) of its last record
 */
public record SessionsIndexEntry(String sessionId, long lastTsMicros, String mode, List<String> symbols,
                                 boolean idleClosed, long lastSeenWallMillis) {

    private static final int VERSION = 1;

    public SessionsIndexEntry {
        symbols = List.copyOf(symbols);
    }

    /** Newest event time in milliseconds (rounded down). */
    public long lastTsMillis() {
        return Math.floorDiv(lastTsMicros, 1000L);
    }

    /** The value bytes (the key holds id and event time). */
    byte[] encodeValue() {
        int size = 1 + 1 + 8 + ByteSink.sizeOfString(mode) + ByteSink.sizeOfVarInt(symbols.size());
        for (final String symbol : symbols) {
            size += ByteSink.sizeOfString(symbol);
        }
        final ByteSink sink = new ByteSink(size);
        sink.writeByte(VERSION);
        sink.writeByte(idleClosed ? 1 : 0);
        sink.writeLong(lastSeenWallMillis);
        sink.writeString(mode);
        sink.writeVarInt(symbols.size());
        for (final String symbol : symbols) {
            sink.writeString(symbol);
        }
        return sink.bytes();
    }

    static SessionsIndexEntry decode(final String sessionId, final long lastTsMicros, final byte[] value) {
        final ByteSource source = new ByteSource(value);
        final int version = source.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("sessions index entry of unknown version " + version);
        }
        final boolean idleClosed = source.readByte() == 1;
        final long lastSeen = source.readLong();
        final String mode = source.readString();
        final int n = source.readVarInt();
        final List<String> symbols = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            symbols.add(source.readString());
        }
        source.requireEnd();
        return new SessionsIndexEntry(sessionId, lastTsMicros, mode, symbols, idleClosed, lastSeen);
    }
}
