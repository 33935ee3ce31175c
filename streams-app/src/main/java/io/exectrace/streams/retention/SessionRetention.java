package io.exectrace.streams.retention;

import io.exectrace.streams.sessions.SessionsIndex;
import io.exectrace.streams.sessions.SessionsIndexEntry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;

/**
 * Session retention of one task: removes a session from every store once both its newest event time and the arrival
 * time of its last record are older than the retention. Arrival time counts too, so a replay of old logs is kept
 * while it is being replayed (and for a retention after).
 *
 * <p>Each {@link #sweep} does a bounded step: it walks the {@link SessionsIndex} from the oldest event time up,
 * from where the last step stopped, looking at {@link Settings#maxVisited()} entries and removing at most
 * {@link Settings#maxRemoved()} sessions, so processing never waits long for it. A pass ends at the first session
 * whose event time is inside the retention (all later ones are newer); the next step starts over at the oldest.
 * A session the idle timeout has not closed yet is left for a later pass (its open chains close first).
 */
public final class SessionRetention {

    private final SessionsIndex index;
    private final Settings settings;
    private final List<SessionRemoval> removals;
    private final RetentionListener listener;
    /** Key of the last entry the current pass looked at; null: the next step starts at the oldest. */
    private Bytes cursor;

    /**
     * @param removals every part's removal, called in this order for each removed session
     */
    public SessionRetention(final SessionsIndex index, final Settings settings, final List<SessionRemoval> removals,
                            final RetentionListener listener) {
        this.index = index;
        this.settings = settings;
        this.removals = List.copyOf(removals);
        this.listener = listener;
    }

    /**
     * One bounded step at {@code arrivalNowMillis} on the task's arrival clock (wall time when caught up).
     *
     * @return the sessions removed
     */
    public int sweep(final long arrivalNowMillis) {
        final long cutoff = arrivalNowMillis - settings.retention().toMillis();
        final List<KeyValue<Bytes, SessionsIndexEntry>> batch = index.oldestFirst(cursor, settings.maxVisited());
        int removed = 0;
        Bytes last = null;
        boolean passEnded = false;
        boolean stoppedEarly = false;
        for (final KeyValue<Bytes, SessionsIndexEntry> kv : batch) {
            final SessionsIndexEntry entry = kv.value;
            if (entry.lastTsMillis() >= cutoff) {
                passEnded = true;
                break;
            }
            if (removed == settings.maxRemoved()) {
                stoppedEarly = true;
                break;
            }
            last = kv.key;
            if (entry.lastSeenWallMillis() < cutoff && entry.idleClosed()) {
                remove(entry, arrivalNowMillis);
                removed++;
            }
        }
        passEnded |= !stoppedEarly && batch.size() < settings.maxVisited();
        cursor = passEnded || last == null ? null : last;
        index.pruneRemovalMarks(cutoff, settings.maxVisited());
        if (removed > 0) {
            listener.sessionsRemoved(removed);
        }
        return removed;
    }

    private void remove(final SessionsIndexEntry entry, final long nowMillis) {
        for (final SessionRemoval removal : removals) {
            removal.remove(entry.sessionId());
        }
        index.remove(entry, nowMillis);
    }

    /**
     * How retention runs.
     *
     * @param retention  how old both clocks of a session must be before it is removed
     * @param interval   wall time between two steps
     * @param maxVisited index entries one step looks at
     * @param maxRemoved sessions one step removes
     */
    public record Settings(Duration retention, Duration interval, int maxVisited, int maxRemoved) {

        /** Steps every second, each looking at up to 2,000 sessions and removing up to 200. */
        public static Settings of(final Duration retention) {
            return new Settings(retention, Duration.ofSeconds(1), 2_000, 200);
        }
    }
}
