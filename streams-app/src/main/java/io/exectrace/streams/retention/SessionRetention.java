package io.exectrace.streams.retention;

import io.exectrace.streams.sessions.SessionsIndex;
import io.exectrace.streams.sessions.SessionsIndexEntry;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
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
 * whose event time is inside the retention (all later ones are newer). A session the idle timeout has not closed
 * yet is left for a later pass (its open chains close first).
 *
 * <p><b>Where a pass starts.</b> Older than the first session a pass leaves in place there are only keys of
 * removed sessions, which RocksDB keeps as tombstones until compaction; after many removals, iterating them costs
 * more than the pass itself. So the next pass starts at that first remaining session, or at the oldest key the
 * index was written at since (a replay of old logs, a session that came back after removal), whichever is older:
 * it sees every entry a pass from the oldest end would see. A new instance (a restart, a moved task) starts at
 * the oldest end, and so does every {@link Settings#fullPassEvery()}-th pass, in case an entry ever reaches the
 * index other than through {@link SessionsIndex#put}.
 */
public final class SessionRetention {

    private final SessionsIndex index;
    private final Settings settings;
    private final List<SessionRemoval> removals;
    private final RetentionListener listener;
    /** Key of the last entry the current pass looked at; null: the next step starts a pass. */
    private Bytes cursor;
    /** Where the next pass starts (that entry included); null: at the oldest end. */
    private Bytes passStart;
    /** The first entry the current pass left in place; null: none yet. */
    private Bytes firstRemaining;
    /** The newest entry the current pass looked at; null: none yet. */
    private Bytes lastLookedAt;
    /** Passes started since the last one from the oldest end. */
    private int passesSinceFull;

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
        // The step ends at the first entry whose event time is inside the retention: read no further than that.
        final Predicate<SessionsIndexEntry> inside = entry -> entry.lastTsMillis() >= cutoff;
        final List<KeyValue<Bytes, SessionsIndexEntry>> batch = cursor == null
                ? index.oldestFirst(beginPass(), true, settings.maxVisited(), inside)
                : index.oldestFirst(cursor, false, settings.maxVisited(), inside);
        int removed = 0;
        Bytes last = null;
        boolean passEnded = false;
        boolean stoppedEarly = false;
        for (final KeyValue<Bytes, SessionsIndexEntry> kv : batch) {
            final SessionsIndexEntry entry = kv.value;
            if (entry.lastTsMillis() >= cutoff) {
                noteRemaining(kv.key);
                passEnded = true;
                break;
            }
            if (removed == settings.maxRemoved()) {
                stoppedEarly = true;
                break;
            }
            last = kv.key;
            lastLookedAt = kv.key;
            if (entry.lastSeenWallMillis() < cutoff && entry.idleClosed()) {
                remove(entry, arrivalNowMillis);
                removed++;
            } else {
                noteRemaining(kv.key);
            }
        }
        passEnded |= !stoppedEarly && batch.size() < settings.maxVisited();
        if (passEnded || last == null) {
            endPass();
        } else {
            cursor = last;
        }
        index.pruneRemovalMarks(cutoff, settings.maxVisited());
        if (removed > 0) {
            listener.sessionsRemoved(removed);
        }
        return removed;
    }

    /** Where a new pass starts: see the class comment. */
    private Bytes beginPass() {
        final Bytes written = index.takeOldestWritten();
        firstRemaining = null;
        lastLookedAt = null;
        if (++passesSinceFull >= settings.fullPassEvery() || passStart == null) {
            passesSinceFull = 0;
            passStart = null;
            return null;
        }
        return written != null && written.compareTo(passStart) > 0 ? written : passStart;
    }

    private void noteRemaining(final Bytes key) {
        if (firstRemaining == null) {
            firstRemaining = key;
        }
    }

    /**
     * The next pass starts at the first entry this one left, else just after the newest it removed (older keys are
     * all gone), else where this one started.
     */
    private void endPass() {
        cursor = null;
        if (firstRemaining != null) {
            passStart = firstRemaining;
        } else if (lastLookedAt != null) {
            passStart = lastLookedAt;
        }
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
     * @param fullPassEvery every this many passes one starts at the oldest end of the index (1: every pass)
     */
    public record Settings(Duration retention, Duration interval, int maxVisited, int maxRemoved,
                           int fullPassEvery) {

        /** Passes between two from the oldest end, by default (about ten minutes of one-step passes). */
        public static final int FULL_PASS_EVERY = 600;

        public Settings {
            if (fullPassEvery < 1) {
                throw new IllegalArgumentException("fullPassEvery must be positive, was " + fullPassEvery);
            }
        }

        /** Steps every second, each looking at up to 2,000 sessions and removing up to 200. */
        public static Settings of(final Duration retention) {
            return new Settings(retention, Duration.ofSeconds(1), 2_000, 200, FULL_PASS_EVERY);
        }
    }
}
