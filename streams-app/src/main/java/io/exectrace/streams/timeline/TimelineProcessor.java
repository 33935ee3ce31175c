package io.exectrace.streams.timeline;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.streams.ingest.SessionInput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Records every valid event in the {@code session-timeline} store under (session, event time, fingerprint) and
 * forwards only the first delivery of each event (so downstream counts see a redelivery once) plus every parse
 * failure.
 *
 * <p>Retention is in event time and deterministic: the cut-off is the newest event time this task has stored minus
 * the retention. Events older than the cut-off are not stored; a sweep, run from {@code process} each time the
 * newest event time advances by {@link #SWEEP_INTERVAL_MICROS}, deletes what fell behind, session by session through
 * the {@code session-timeline-index} store. The task's own record timestamps (which fall back to the record time for
 * invalid records) play no part, so a replay with invalid lines cannot expire a replayed session early.
 */
public final class TimelineProcessor implements Processor<String, SessionInput, String, SessionInput> {

    /** Event time between two sweeps: ten minutes. */
    static final long SWEEP_INTERVAL_MICROS = 600_000_000L;
    /** Index key of the task's expiry clock (no session id is empty). */
    static final String CLOCK_KEY = "";

    private final String timelineStoreName;
    private final String indexStoreName;
    private final long retentionMicros;
    private ProcessorContext<String, SessionInput> context;
    private KeyValueStore<Bytes, ExecutionEvent> timeline;
    private KeyValueStore<String, TimelineIndexEntry> index;
    /** The task's expiry clock, read from the index once per processor instance and written through. */
    private TimelineIndexEntry clock;
    private boolean clockLoaded;

    public TimelineProcessor(final String timelineStoreName, final String indexStoreName, final Duration retention) {
        this.timelineStoreName = timelineStoreName;
        this.indexStoreName = indexStoreName;
        this.retentionMicros = retention.toNanos() / 1_000L;
    }

    @Override
    public void init(final ProcessorContext<String, SessionInput> context) {
        this.context = context;
        this.timeline = context.getStateStore(timelineStoreName);
        this.index = context.getStateStore(indexStoreName);
        // A revived task re-initializes its processors over restored stores: forget the cached clock.
        this.clockLoaded = false;
    }

    @Override
    public void process(final Record<String, SessionInput> record) {
        final SessionInput input = record.value();
        if (!input.isValid()) {
            context.forward(record);
            return;
        }
        final ExecutionEvent event = input.event();
        if (!clockLoaded) {
            clock = index.get(CLOCK_KEY);
            clockLoaded = true;
        }
        final long newest = clock == null ? event.tsMicros() : Math.max(clock.maxTsMicros(), event.tsMicros());
        if (event.tsMicros() >= newest - retentionMicros && !store(record.key(), event)) {
            return;
        }
        final long lastSweep = clock == null ? newest : clock.minTsMicros();
        if (newest - lastSweep >= SWEEP_INTERVAL_MICROS) {
            sweep(newest - retentionMicros);
            clock = new TimelineIndexEntry(newest, newest, 0);
            index.put(CLOCK_KEY, clock);
        } else if (clock == null || newest != clock.maxTsMicros()) {
            clock = new TimelineIndexEntry(lastSweep, newest, 0);
            index.put(CLOCK_KEY, clock);
        }
        context.forward(record);
    }

    /** Stores the event; false when the same event (same key) is already stored. */
    private boolean store(final String session, final ExecutionEvent event) {
        final Bytes key = TimelineKey.of(session, event.tsMicros(), event.fingerprint());
        final TimelineIndexEntry entry = index.get(session);
        // The key holds the event time, so an event newer than the session's newest stored one cannot be there:
        // only late or equal-time events pay for the store lookup (a miss is the dearest RocksDB read there is).
        if (entry != null && event.tsMicros() <= entry.maxTsMicros() && timeline.get(key) != null) {
            return false;
        }
        timeline.put(key, event);
        index.put(session, entry == null
                ? new TimelineIndexEntry(event.tsMicros(), event.tsMicros(), 1)
                : new TimelineIndexEntry(Math.min(entry.minTsMicros(), event.tsMicros()),
                        Math.max(entry.maxTsMicros(), event.tsMicros()), entry.count() + 1));
        return true;
    }

    /** Deletes every stored event older than {@code cutoffMicros}, visiting only sessions that have some. */
    private void sweep(final long cutoffMicros) {
        final List<KeyValue<String, TimelineIndexEntry>> expiring = new ArrayList<>();
        try (KeyValueIterator<String, TimelineIndexEntry> sessions = index.all()) {
            while (sessions.hasNext()) {
                final KeyValue<String, TimelineIndexEntry> session = sessions.next();
                if (!CLOCK_KEY.equals(session.key) && session.value.minTsMicros() < cutoffMicros) {
                    expiring.add(session);
                }
            }
        }
        for (final KeyValue<String, TimelineIndexEntry> session : expiring) {
            expire(session.key, session.value, cutoffMicros);
        }
    }

    private void expire(final String session, final TimelineIndexEntry entry, final long cutoffMicros) {
        final List<Bytes> old = new ArrayList<>();
        try (KeyValueIterator<Bytes, ExecutionEvent> range = timeline.range(
                TimelineKey.lowerBound(session, Long.MIN_VALUE), TimelineKey.upperBound(session, cutoffMicros - 1))) {
            while (range.hasNext()) {
                old.add(range.next().key);
            }
        }
        for (final Bytes key : old) {
            timeline.delete(key);
        }
        final long remaining = entry.count() - old.size();
        if (remaining <= 0) {
            index.delete(session);
            return;
        }
        long oldestRemaining = entry.maxTsMicros();
        try (KeyValueIterator<Bytes, ExecutionEvent> rest = timeline.range(
                TimelineKey.lowerBound(session, cutoffMicros), TimelineKey.upperBound(session, Long.MAX_VALUE))) {
            if (rest.hasNext()) {
                oldestRemaining = TimelineKey.tsMicros(rest.next().key);
            }
        }
        index.put(session, new TimelineIndexEntry(oldestRemaining, entry.maxTsMicros(), remaining));
    }
}
