package io.exectrace.streams.timeline;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.streams.retention.SessionRemoval;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Session retention's part in the timeline: deletes a session's events and its timeline-index entry. */
public final class TimelineRemoval implements SessionRemoval {

    private final KeyValueStore<Bytes, ExecutionEvent> timeline;
    private final KeyValueStore<String, TimelineIndexEntry> index;

    private TimelineRemoval(final KeyValueStore<Bytes, ExecutionEvent> timeline,
                            final KeyValueStore<String, TimelineIndexEntry> index) {
        this.timeline = timeline;
        this.index = index;
    }

    /** The removal over the timeline stores of these names (connected to the processor that runs retention). */
    public static SessionRemoval.Factory factory(final String timelineStoreName, final String indexStoreName) {
        return context -> new TimelineRemoval(context.getStateStore(timelineStoreName),
                context.getStateStore(indexStoreName));
    }

    @Override
    public void remove(final String sessionId) {
        if (index.get(sessionId) == null) {
            return;     // no events stored (or all expired by the timeline's own retention)
        }
        final List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, ExecutionEvent> events = timeline.range(
                TimelineKey.lowerBound(sessionId, Long.MIN_VALUE), TimelineKey.upperBound(sessionId, Long.MAX_VALUE))) {
            while (events.hasNext()) {
                keys.add(events.next().key);
            }
        }
        keys.forEach(key -> timeline.put(key, null));   // put(null): a delete without reading the old value
        index.delete(sessionId);
    }
}
