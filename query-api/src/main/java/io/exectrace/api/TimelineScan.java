package io.exectrace.api;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Stage;
import io.exectrace.streams.timeline.TimelineKey;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Walks one session's events in the {@code session-timeline} store in event-time order, with the API's filters,
 * handing each match to a sink as it is read (nothing is collected, so a CSV export streams). An event's position
 * is its store key, base64url: it is the event's {@code id}, the SSE event id and (for the next record) the paging
 * cursor.
 *
 * @param sessionId  session
 * @param fromMicros earliest event time, inclusive
 * @param toMicros   latest event time, inclusive
 * @param stages     stages to keep, or null for all
 * @param symbol     symbol to keep, or null for all
 */
record TimelineScan(String sessionId, long fromMicros, long toMicros, Set<Stage> stages, String symbol) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Receives one matching event and its store key (its position: {@link #id} gives the text). */
    @FunctionalInterface
    interface Sink {
        void accept(Bytes key, ExecutionEvent event);
    }

    TimelineScan {
        if (fromMicros > toMicros) {
            throw ApiException.badRequest("from is after to");
        }
    }

    /**
     * Hands at most {@code limit} matching events to {@code sink}, starting at position {@code start} (inclusive;
     * exclusive when {@code after}), and returns the cursor of the next page, or null when the range is exhausted.
     */
    String scan(final ReadOnlyKeyValueStore<Bytes, ExecutionEvent> store, final String start, final boolean after,
                final int limit, final Sink sink) {
        final Bytes end = TimelineKey.upperBound(sessionId, toMicros);
        final Bytes lower = TimelineKey.lowerBound(sessionId, fromMicros);
        Bytes first = lower;
        if (start != null) {
            final Bytes position = position(start);
            if (position.compareTo(lower) > 0) {
                first = position;
            }
        }
        int matched = 0;
        try (KeyValueIterator<Bytes, ExecutionEvent> range = store.range(first, end)) {
            while (range.hasNext()) {
                final KeyValue<Bytes, ExecutionEvent> next = range.next();
                if (after && start != null && next.key.equals(first)) {
                    continue;
                }
                if (!matches(next.value)) {
                    continue;
                }
                if (matched == limit) {
                    return id(next.key);
                }
                sink.accept(next.key, next.value);
                matched++;
            }
        }
        return null;
    }

    private boolean matches(final ExecutionEvent event) {
        return (stages == null || stages.contains(event.stage()))
                && (symbol == null || symbol.equalsIgnoreCase(event.symbol()));
    }

    static String id(final Bytes key) {
        return ENCODER.encodeToString(key.get());
    }

    /** The store key of a position of this session; 400 for anything else. */
    private Bytes position(final String text) {
        final byte[] key;
        try {
            key = DECODER.decode(text);
        } catch (final IllegalArgumentException e) {
            throw ApiException.badRequest("malformed cursor or event id");
        }
        final byte[] session = sessionId.getBytes(StandardCharsets.UTF_8);
        if (key.length != 2 + session.length + 16 || (((key[0] & 0xFF) << 8) | (key[1] & 0xFF)) != session.length
                || !java.util.Arrays.equals(key, 2, 2 + session.length, session, 0, session.length)) {
            throw ApiException.badRequest("cursor or event id does not belong to session '" + sessionId + "'");
        }
        return Bytes.wrap(key);
    }
}
