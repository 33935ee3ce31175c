package io.exectrace.streams.correlation;

/**
 * Ids of recently closed chains of one session (intent, client order and broker order ids), so that an event for
 * a chain that has already closed is counted as late instead of opening a new chain that would end as
 * MISSING_ORDER. Bounded like the duplicate memory, and kept the same way: a {@link RecentFingerprints} of 64-bit
 * fingerprints of the persisted key (kind letter, then id), so the memory holds no strings. A long log keeps
 * hundreds of thousands of these ids; as strings they were copied by every young collection and scanned through
 * their tables' references. Two distinct ids of a session share a fingerprint with a probability of about
 * n² / 2⁶⁵ for n remembered ids (below 10⁻¹⁰ at the 20,000-entry bound), as duplicates already accept.
 */
final class RecentIds {
    static final char INTENT = 'i';
    static final char ORDER = 'o';
    static final char BROKER = 'b';

    /** Receives the number of every entry that leaves the memory. */
    interface Removal {
        void removed(long seq);
    }

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private final RecentFingerprints fingerprints = new RecentFingerprints();

    /** The persisted form of an entry: the kind letter, then the id. */
    static String key(final char kind, final String id) {
        return kind + id;
    }

    boolean contains(final char kind, final String id) {
        return id != null && fingerprints.size() > 0 && fingerprints.contains(fingerprint(kind, id));
    }

    /** Remembers an id; returns false when it was already present (then nothing changes). */
    boolean add(final char kind, final String id, final long tsMicros, final long seq) {
        return add(fingerprint(kind, id), tsMicros, seq);
    }

    /** Remembers an entry in its persisted form ({@link #key}). */
    boolean add(final String key, final long tsMicros, final long seq) {
        return add(fingerprint(key.charAt(0), key, 1), tsMicros, seq);
    }

    private boolean add(final long fp, final long tsMicros, final long seq) {
        if (fingerprints.contains(fp)) {
            return false;
        }
        fingerprints.add(fp, tsMicros, seq);
        return true;
    }

    int size() {
        return fingerprints.size();
    }

    /** Drops the oldest entries while more than {@code maxEntries} remain or the oldest is before {@code minTs}. */
    void evict(final long minTsMicros, final int maxEntries, final Removal removal) {
        fingerprints.evict(minTsMicros, maxEntries, removal == null ? null : (fp, seq) -> removal.removed(seq));
    }

    void clear(final Removal removal) {
        evict(Long.MAX_VALUE, 0, removal);
    }

    /** The fingerprint of {@link #key}{@code (kind, id)}, without building that string. */
    static long fingerprint(final char kind, final String id) {
        return fingerprint(kind, id, 0);
    }

    /**
     * XXH64's per-byte round and final mix over the kind letter and then each UTF-16 unit of {@code text} from
     * {@code from}: every step is a bijection of the state, and the mix spreads each unit over all 64 bits.
     */
    private static long fingerprint(final char kind, final String text, final int from) {
        final int length = text.length() - from;
        long h = P5 + length + 1;
        h = Long.rotateLeft(h ^ kind * P5, 11) * P1;
        for (int i = from; i < text.length(); i++) {
            h = Long.rotateLeft(h ^ text.charAt(i) * P5, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }
}
