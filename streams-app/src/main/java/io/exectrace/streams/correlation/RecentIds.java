package io.exectrace.streams.correlation;

/**
 * Ids of recently closed chains of one session (intent, client order and broker order ids), so that an event for
 * a chain that has already closed is counted as late instead of opening a new chain that would end as
 * MISSING_ORDER. Bounded like {@link RecentFingerprints}: by count and by event-time horizon, oldest first.
 *
 * <p>Entries sit in a ring in arrival order (eviction looks at the oldest one only) and in one hash set per kind
 * keyed by the bare id ({@link IdSet}), so a lookup builds no key string: lookups happen for most events,
 * additions only when a chain closes.
 */
final class RecentIds {
    static final char INTENT = 'i';
    static final char ORDER = 'o';
    static final char BROKER = 'b';

    /** Receives the number of every entry that leaves the memory. */
    interface Removal {
        void removed(long seq);
    }

    private final IdSet intents = new IdSet();
    private final IdSet orders = new IdSet();
    private final IdSet brokers = new IdSet();

    private char[] ringKind = new char[16];
    private String[] ringId = new String[16];
    private long[] ringTs = new long[16];
    private long[] ringSeq = new long[16];
    private int head;
    private int size;

    /** The persisted form of an entry: the kind letter, then the id. */
    static String key(final char kind, final String id) {
        return kind + id;
    }

    boolean contains(final char kind, final String id) {
        return id != null && size > 0 && set(kind).contains(id);
    }

    /** Remembers an id; returns false when it was already present (then nothing changes). */
    boolean add(final char kind, final String id, final long tsMicros, final long seq) {
        if (!set(kind).add(id)) {
            return false;
        }
        if (size == ringId.length) {
            grow();
        }
        final int tail = (head + size) & (ringId.length - 1);
        ringKind[tail] = kind;
        ringId[tail] = id;
        ringTs[tail] = tsMicros;
        ringSeq[tail] = seq;
        size++;
        return true;
    }

    /** Remembers an entry in its persisted form ({@link #key}). */
    boolean add(final String key, final long tsMicros, final long seq) {
        return add(key.charAt(0), key.substring(1), tsMicros, seq);
    }

    int size() {
        return size;
    }

    /** Drops the oldest entries while more than {@code maxEntries} remain or the oldest is before {@code minTs}. */
    void evict(final long minTsMicros, final int maxEntries, final Removal removal) {
        while (size > 0 && (size > maxEntries || ringTs[head] < minTsMicros)) {
            set(ringKind[head]).remove(ringId[head]);
            ringId[head] = null;
            final long seq = ringSeq[head];
            head = (head + 1) & (ringId.length - 1);
            size--;
            if (removal != null) {
                removal.removed(seq);
            }
        }
    }

    void clear(final Removal removal) {
        evict(Long.MAX_VALUE, 0, removal);
    }

    private IdSet set(final char kind) {
        return switch (kind) {
            case INTENT -> intents;
            case ORDER -> orders;
            case BROKER -> brokers;
            default -> throw new IllegalArgumentException("unknown closed-id kind " + kind);
        };
    }

    /** Doubles the ring (its length stays a power of two). */
    private void grow() {
        final int n = ringId.length * 2;
        final char[] kind = new char[n];
        final String[] id = new String[n];
        final long[] ts = new long[n];
        final long[] seq = new long[n];
        for (int k = 0; k < size; k++) {
            final int i = (head + k) & (ringId.length - 1);
            kind[k] = ringKind[i];
            id[k] = ringId[i];
            ts[k] = ringTs[i];
            seq[k] = ringSeq[i];
        }
        ringKind = kind;
        ringId = id;
        ringTs = ts;
        ringSeq = seq;
        head = 0;
    }
}
