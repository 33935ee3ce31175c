package io.exectrace.streams.correlation;

import io.exectrace.events.RecordFingerprint;

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
        return add(RecordFingerprint.ofText(key.charAt(0), key, 1), tsMicros, seq);
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
    void evict(final long minTsMicros, final int maxEntries, final RecentFingerprints.Removal removal) {
        fingerprints.evict(minTsMicros, maxEntries, removal);
    }

    void clear(final RecentFingerprints.Removal removal) {
        evict(Long.MAX_VALUE, 0, removal);
    }

    /** The fingerprint of {@link #key}{@code (kind, id)}, without building that string. */
    static long fingerprint(final char kind, final String id) {
        return RecordFingerprint.ofText(kind, id, 0);
    }
}
