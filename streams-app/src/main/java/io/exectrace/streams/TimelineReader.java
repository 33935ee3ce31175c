package io.exectrace.streams;

import io.exectrace.events.ExecutionEvent;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Pages through one session's events in event-time order, for the timeline API and CSV export. Works on the
 * {@code session-timeline} store as interactive queries return it
 * ({@code streams.store(StoreQueryParameters.fromNameAndType(ExectraceTopology.TIMELINE_STORE,
 * QueryableStoreTypes.keyValueStore()))}); a session lives in one partition, so its keys come out in order.
 */
public final class TimelineReader {

    private static final Base64.Encoder CURSOR_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder CURSOR_DECODER = Base64.getUrlDecoder();

    private final ReadOnlyKeyValueStore<Bytes, ExecutionEvent> store;

    public TimelineReader(final ReadOnlyKeyValueStore<Bytes, ExecutionEvent> store) {
        this.store = store;
    }

    /**
     * One page of a session's events.
     *
     * @param events     events in (event time, fingerprint) order
     * @param nextCursor opaque cursor to pass back for the next page, or {@code null} when the range is exhausted
     */
    public record Page(List<ExecutionEvent> events, String nextCursor) {
    }

    /**
     * Events of {@code session} with {@code fromMicros <= ts <= toMicros}, at most {@code limit}, starting at
     * {@code cursor} when it is not null (a cursor from a previous page of the same query).
     *
     * @throws IllegalArgumentException for a limit below 1, an inverted range or a cursor of another session/range
     */
    public Page read(final String session, final long fromMicros, final long toMicros, final int limit,
                     final String cursor) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (fromMicros > toMicros) {
            throw new IllegalArgumentException("from is after to");
        }
        final Bytes end = TimelineKey.upperBound(session, toMicros);
        final Bytes start = cursor == null ? TimelineKey.lowerBound(session, fromMicros) : decode(cursor);
        if (cursor != null && (!TimelineKey.belongsTo(start, session) || TimelineKey.tsMicros(start) < fromMicros
                || start.compareTo(end) > 0)) {
            throw new IllegalArgumentException("cursor does not belong to this session and time range");
        }
        final List<ExecutionEvent> events = new ArrayList<>(Math.min(limit, 1_024));
        try (KeyValueIterator<Bytes, ExecutionEvent> range = store.range(start, end)) {
            while (range.hasNext()) {
                final KeyValue<Bytes, ExecutionEvent> next = range.next();
                if (events.size() == limit) {
                    return new Page(events, CURSOR_ENCODER.encodeToString(next.key.get()));
                }
                events.add(next.value);
            }
        }
        return new Page(events, null);
    }

    private static Bytes decode(final String cursor) {
        try {
            return Bytes.wrap(CURSOR_DECODER.decode(cursor));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed cursor", e);
        }
    }
}
