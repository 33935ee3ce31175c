package io.exectrace.streams.sessions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The {@code sessions-index} store: every session of the task ordered by its newest event time, newest first, then
 * by id, so the session list pages through it in order (a range from the cursor) instead of reading and sorting all
 * sessions, and retention walks it from the oldest end. Written whenever the session's summary is written.
 *
 * <p>Keys (byte order is list order): {@code 0x01}, the event time inverted (8 bytes, so newer sorts first), the
 * session id (UTF-8) → {@link SessionsIndexEntry}; {@code 0x02}, session id → the wall time the session was removed
 * by retention (so a later event for it is counted as starting afresh); {@code 0x00} → the index's version, present
 * once the index holds every session of the task (written after a back-fill from the summaries).
 */
public final class SessionsIndex {

    /** "Not in the index": no event time has been indexed for the session yet. */
    public static final long NOT_INDEXED = Long.MIN_VALUE;

    private static final byte META = 0x00;
    private static final byte ACTIVITY = 0x01;
    private static final byte REMOVED = 0x02;
    private static final Bytes VERSION_KEY = Bytes.wrap(new byte[] {META});
    /** The newest event time ever indexed: where a list of the newest sessions starts its first window. */
    private static final Bytes NEWEST_KEY = Bytes.wrap(new byte[] {META, 0x01});
    /**
     * Event time the first window of a read spans; each next one spans twice the last. The store is cached, and a
     * range over a cached store copies every cached key inside the range: reading in windows that grow from where
     * the read starts copies about as many keys as it returns, not all sessions of the task.
     */
    static final long FIRST_WINDOW_MICROS = 1_000_000L;
    private static final byte[] VERSION = {1};
    private static final Bytes ACTIVITY_FIRST = Bytes.wrap(new byte[] {ACTIVITY});
    private static final Bytes ACTIVITY_LAST = Bytes.wrap(new byte[] {ACTIVITY + 1});
    private static final Bytes REMOVED_FIRST = Bytes.wrap(new byte[] {REMOVED});
    private static final Bytes REMOVED_LAST = Bytes.wrap(new byte[] {REMOVED + 1});

    private final KeyValueStore<Bytes, byte[]> store;
    /** Where the last pruning of removal marks stopped (null: from the start). */
    private Bytes markCursor;
    /**
     * The oldest entry key (in list order, i.e. the greatest) {@link #put} wrote since the last
     * {@link #takeOldestWritten}; null: none. Retention starts a pass no later than this.
     */
    private Bytes oldestWritten;
    /** The newest event time indexed ({@link #NEWEST_KEY}), once {@link #newestRead}. */
    private long newestIndexed = Long.MIN_VALUE;
    private boolean newestRead;

    public SessionsIndex(final KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** Builder of the store: persistent (RocksDB), change-logged, cached. */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> storeBuilder(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    /** The key of a session at an event time: list order is the keys' byte order. */
    public static Bytes key(final long lastTsMicros, final String sessionId) {
        final byte[] id = sessionId.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer key = ByteBuffer.allocate(9 + id.length);
        key.put(ACTIVITY).putLong(~(lastTsMicros ^ Long.MIN_VALUE)).put(id);
        return Bytes.wrap(key.array());
    }

    private static long tsOf(final byte[] key) {
        return ~ByteBuffer.wrap(key, 1, 8).getLong() ^ Long.MIN_VALUE;
    }

    private static String idOf(final byte[] key) {
        return new String(key, 9, key.length - 9, StandardCharsets.UTF_8);
    }

    private static SessionsIndexEntry entry(final KeyValue<Bytes, byte[]> kv) {
        final byte[] key = kv.key.get();
        return SessionsIndexEntry.decode(idOf(key), tsOf(key), kv.value);
    }

    /** True once the index holds every session of the task (see {@link #markComplete}). */
    public boolean isComplete() {
        return store.get(VERSION_KEY) != null;
    }

    /** Notes that every session of the task is in the index (after a back-fill). */
    public void markComplete() {
        store.put(VERSION_KEY, VERSION);
    }

    /**
     * Writes a session's entry; {@code previousTsMicros} is the event time it was indexed under before (its old
     * entry is deleted when the time moved), {@link #NOT_INDEXED} when it has none.
     */
    public void put(final long previousTsMicros, final SessionsIndexEntry entry) {
        if (previousTsMicros != NOT_INDEXED && previousTsMicros != entry.lastTsMicros()) {
            store.put(key(previousTsMicros, entry.sessionId()), null);
        }
        final Bytes key = key(entry.lastTsMicros(), entry.sessionId());
        store.put(key, entry.encodeValue());
        if (entry.lastTsMicros() > newestIndexed()) {
            newestIndexed = entry.lastTsMicros();
            store.put(NEWEST_KEY, ByteBuffer.allocate(8).putLong(newestIndexed).array());
        }
        if (oldestWritten == null || key.compareTo(oldestWritten) > 0) {
            oldestWritten = key;
        }
    }

    /**
     * The newest event time put so far ({@link Long#MIN_VALUE}: none). Only where reads start and end their windows
     * depends on it, never what they return: an index of an older release has none until its next put.
     */
    private long newestIndexed() {
        if (!newestRead) {
            final byte[] stored = store.get(NEWEST_KEY);
            newestIndexed = stored != null ? ByteBuffer.wrap(stored).getLong() : Long.MIN_VALUE;
            newestRead = true;
        }
        return newestIndexed;
    }

    /**
     * The oldest entry key (the greatest in byte order) written by {@link #put} of this instance since the last
     * call, or null when nothing was written; the next call starts afresh.
     */
    public Bytes takeOldestWritten() {
        final Bytes oldest = oldestWritten;
        oldestWritten = null;
        return oldest;
    }

    /** Deletes a session's entry, leaving a removal mark at {@code removedAtMillis} (wall time). */
    public void remove(final SessionsIndexEntry entry, final long removedAtMillis) {
        store.put(key(entry.lastTsMicros(), entry.sessionId()), null);
        store.put(removedKey(entry.sessionId()), ByteBuffer.allocate(8).putLong(removedAtMillis).array());
    }

    /** True when retention removed the session (and the mark is still kept); the mark is dropped. */
    public boolean forgetRemoval(final String sessionId) {
        final Bytes key = removedKey(sessionId);
        if (store.get(key) == null) {
            return false;
        }
        store.put(key, null);
        return true;
    }

    /**
     * Drops removal marks set before {@code beforeMillis}, looking at most at {@code maxVisited} marks from where
     * the last call stopped (starting over after the last one).
     */
    public int pruneRemovalMarks(final long beforeMillis, final int maxVisited) {
        final List<Bytes> old = new ArrayList<>();
        int visited = 0;
        Bytes last = null;
        final Bytes from = markCursor == null ? REMOVED_FIRST : markCursor;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(from, REMOVED_LAST)) {
            while (it.hasNext() && visited < maxVisited) {
                final KeyValue<Bytes, byte[]> kv = it.next();
                if (kv.key.equals(markCursor) || kv.value == null) {
                    continue;
                }
                visited++;
                last = kv.key;
                if (ByteBuffer.wrap(kv.value).getLong() < beforeMillis) {
                    old.add(kv.key);
                }
            }
            markCursor = it.hasNext() ? last : null;
        }
        old.forEach(key -> store.put(key, null));
        return old.size();
    }

    /**
     * Entries from the oldest event time up, starting just above {@code afterKey} (null: at the oldest), at most
     * {@code max}. Retention walks the index with it.
     */
    public List<KeyValue<Bytes, SessionsIndexEntry>> oldestFirst(final Bytes afterKey, final int max) {
        return oldestFirst(afterKey, false, max);
    }

    /**
     * Entries from the oldest event time up, starting at {@code bound} (null: at the oldest), with the entry at
     * {@code bound} itself when {@code inclusive}, at most {@code max}. The iteration seeks to {@code bound}, so
     * deleted keys older than it (RocksDB tombstones until compaction) cost nothing.
     */
    public List<KeyValue<Bytes, SessionsIndexEntry>> oldestFirst(final Bytes bound, final boolean inclusive,
                                                                 final int max) {
        return oldestFirst(bound, inclusive, max, entry -> false);
    }

    /**
     * {@link #oldestFirst(Bytes, boolean, int)} that stops after the first entry matching {@code last} (which is
     * returned): a caller that looks no further than such an entry does not pay for reading (and decoding) the
     * rest of the index.
     */
    public List<KeyValue<Bytes, SessionsIndexEntry>> oldestFirst(final Bytes bound, final boolean inclusive,
                                                                 final int max,
                                                                 final Predicate<SessionsIndexEntry> last) {
        final List<KeyValue<Bytes, SessionsIndexEntry>> out = new ArrayList<>(Math.min(max, 1024));
        if (bound == null) {
            // No place to grow windows from: one range over the whole index (a full pass, rare).
            readOldestFirst(ACTIVITY_FIRST, ACTIVITY_LAST, null, max, last, out);
            return out;
        }
        Bytes upper = bound;
        Bytes skipped = inclusive ? null : bound;
        long low = tsOf(bound.get());
        long span = FIRST_WINDOW_MICROS;
        final long newest = newestIndexed();
        while (out.size() < max) {
            // Past the newest event time indexed nothing is left but what a pointer-less index may hold: one
            // last window up to the newest end.
            final boolean lastWindow = low > Long.MAX_VALUE - span || low + span >= newest;
            final Bytes lower = lastWindow ? ACTIVITY_FIRST : boundary(low + span);
            if (readOldestFirst(lower, upper, skipped, max, last, out) || lastWindow) {
                break;
            }
            upper = lower;
            skipped = lower;
            low += span;
            span = grown(span);
        }
        return out;
    }

    /** Adds the window's entries to {@code out}; true when it stopped at an entry matching {@code last}. */
    private boolean readOldestFirst(final Bytes lower, final Bytes upper, final Bytes skipped, final int max,
                                    final Predicate<SessionsIndexEntry> last,
                                    final List<KeyValue<Bytes, SessionsIndexEntry>> out) {
        try (KeyValueIterator<Bytes, byte[]> it = store.reverseRange(lower, upper)) {
            while (it.hasNext() && out.size() < max) {
                final KeyValue<Bytes, byte[]> kv = it.next();
                if (kv.value != null && !kv.key.equals(skipped)) {
                    final SessionsIndexEntry entry = entry(kv);
                    out.add(KeyValue.pair(kv.key, entry));
                    if (last.test(entry)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Up to {@code max} entries matching {@code filter}, newest first, after the session at
     * ({@code afterTsMicros}, {@code afterId}) in list order ({@code afterId} null: from the newest).
     */
    public static List<SessionsIndexEntry> page(final ReadOnlyKeyValueStore<Bytes, byte[]> store,
                                                final long afterTsMicros, final String afterId, final int max,
                                                final Predicate<SessionsIndexEntry> filter) {
        return page(store, afterTsMicros, afterId, max, Integer.MAX_VALUE, filter).matches();
    }

    /**
     * {@link #page(ReadOnlyKeyValueStore, long, String, int, Predicate)} looking at no more than
     * {@code maxLookedAt} entries: when that budget runs out first, the page says where it stopped, and every
     * match up to there is on it.
     */
    public static Page page(final ReadOnlyKeyValueStore<Bytes, byte[]> store, final long afterTsMicros,
                            final String afterId, final int max, final int maxLookedAt,
                            final Predicate<SessionsIndexEntry> filter) {
        final PageBuilder page = new PageBuilder(max, maxLookedAt, filter);
        Bytes from;
        long high;
        if (afterId != null) {
            from = key(afterTsMicros, afterId);
            high = afterTsMicros;
        } else {
            from = ACTIVITY_FIRST;
            final byte[] newest = store.get(NEWEST_KEY);
            if (newest == null) {
                // An index written before the pointer: one range over all of it.
                page.read(store, ACTIVITY_FIRST, ACTIVITY_LAST, null);
                return page.result();
            }
            high = ByteBuffer.wrap(newest).getLong();
        }
        Bytes skipped = afterId == null ? null : from;
        long span = FIRST_WINDOW_MICROS;
        while (!page.done()) {
            final boolean last = high < Long.MIN_VALUE + span;
            final Bytes to = last ? ACTIVITY_LAST : boundary(high - span);
            page.read(store, from, to, skipped);
            if (last) {
                break;
            }
            from = to;
            skipped = to;
            high -= span;
            span = grown(span);
        }
        return page.result();
    }

    /** The matches of a {@link #page} read window by window, and where a budget ran out. */
    private static final class PageBuilder {
        private final int max;
        private final int maxLookedAt;
        private final Predicate<SessionsIndexEntry> filter;
        private final List<SessionsIndexEntry> out;
        private int lookedAt;
        private SessionsIndexEntry last;
        private boolean budgetRanOut;

        PageBuilder(final int max, final int maxLookedAt, final Predicate<SessionsIndexEntry> filter) {
            this.max = max;
            this.maxLookedAt = maxLookedAt;
            this.filter = filter;
            this.out = new ArrayList<>(Math.min(max, 1024));
        }

        boolean done() {
            return budgetRanOut || out.size() >= max;
        }

        void read(final ReadOnlyKeyValueStore<Bytes, byte[]> store, final Bytes from, final Bytes to,
                  final Bytes skipped) {
            try (KeyValueIterator<Bytes, byte[]> it = store.range(from, to)) {
                while (it.hasNext() && !done()) {
                    final KeyValue<Bytes, byte[]> kv = it.next();
                    if (kv.value == null || kv.key.equals(skipped)) {
                        continue;
                    }
                    if (lookedAt == maxLookedAt) {
                        budgetRanOut = true;    // more entries remain, unseen
                        return;
                    }
                    lookedAt++;
                    final SessionsIndexEntry entry = entry(kv);
                    last = entry;
                    if (filter.test(entry)) {
                        out.add(entry);
                    }
                }
            }
        }

        Page result() {
            return new Page(out, budgetRanOut ? last : null);
        }
    }

    /**
     * The bound between windows at event time {@code tsMicros}: sorts after every entry newer than it and before
     * every entry at or older than it (entry keys are longer: they carry the session id).
     */
    private static Bytes boundary(final long tsMicros) {
        return Bytes.wrap(ByteBuffer.allocate(9).put(ACTIVITY).putLong(~(tsMicros ^ Long.MIN_VALUE)).array());
    }

    private static long grown(final long span) {
        return span > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : span * 2;
    }

    /**
     * Matches of one {@link #page} call, in list order.
     *
     * @param stoppedAt the last entry looked at when the budget ran out before the page filled or the index
     *                  ended (later entries are unseen); null when the page is complete
     */
    public record Page(List<SessionsIndexEntry> matches, SessionsIndexEntry stoppedAt) {

        public Page {
            matches = List.copyOf(matches);
        }
    }

    private static Bytes removedKey(final String sessionId) {
        final byte[] id = sessionId.getBytes(StandardCharsets.UTF_8);
        final byte[] key = Arrays.copyOf(new byte[] {REMOVED}, 1 + id.length);
        System.arraycopy(id, 0, key, 1, id.length);
        return Bytes.wrap(key);
    }
}
