package io.exectrace.streams.correlation;

import java.util.Arrays;

/**
 * The duplicate-detection memory of one session: fingerprints of recent distinct events in arrival order (a ring)
 * plus an open-addressing hash set over them, all primitive arrays (about 40 bytes per entry, no per-event
 * garbage). Entries leave from the oldest end when there are more than the count bound or when the oldest one's
 * event time is older than the horizon, so both bounds hold; an out-of-order entry behind a newer one stays
 * until it reaches the front.
 */
final class RecentFingerprints {
    /** Receives every entry that leaves the memory (the store-backed state deletes its key). */
    interface Removal {
        void removed(long fingerprint, long seq);
    }

    private static final long EMPTY_SLOT = 0L;

    private long[] ringFp = new long[16];
    private long[] ringTs = new long[16];
    private long[] ringSeq = new long[16];
    private int head;
    private int size;

    /** Hash set of fingerprints; 0 marks an empty slot, so fingerprint 0 is tracked by {@link #hasZero}. */
    private long[] table = new long[32];
    private int tableCount;
    private boolean hasZero;

    int size() {
        return size;
    }

    boolean contains(final long fp) {
        if (fp == EMPTY_SLOT) {
            return hasZero;
        }
        final int mask = table.length - 1;
        for (int i = slot(fp, mask); ; i = (i + 1) & mask) {
            final long v = table[i];
            if (v == EMPTY_SLOT) {
                return false;
            }
            if (v == fp) {
                return true;
            }
        }
    }

    /** Remembers a fingerprint that is not present yet. */
    void add(final long fp, final long tsMicros, final long seq) {
        if (size == ringFp.length) {
            growRing();
        }
        final int tail = (head + size) % ringFp.length;
        ringFp[tail] = fp;
        ringTs[tail] = tsMicros;
        ringSeq[tail] = seq;
        size++;
        insert(fp);
    }

    /** Drops the oldest entries while more than {@code maxEntries} remain or the oldest is before {@code minTs}. */
    void evict(final long minTsMicros, final int maxEntries, final Removal removal) {
        while (size > 0 && (size > maxEntries || ringTs[head] < minTsMicros)) {
            final long fp = ringFp[head];
            final long seq = ringSeq[head];
            head = (head + 1) % ringFp.length;
            size--;
            delete(fp);
            if (removal != null) {
                removal.removed(fp, seq);
            }
        }
    }

    void clear(final Removal removal) {
        evict(Long.MAX_VALUE, 0, removal);
    }

    /** Visits entries oldest first (used by tests and the store loader's checks). */
    void forEach(final EntryVisitor visitor) {
        for (int k = 0; k < size; k++) {
            final int i = (head + k) % ringFp.length;
            visitor.visit(ringFp[i], ringTs[i], ringSeq[i]);
        }
    }

    interface EntryVisitor {
        void visit(long fingerprint, long tsMicros, long seq);
    }

    private void growRing() {
        final int n = ringFp.length * 2;
        final long[] fp = new long[n];
        final long[] ts = new long[n];
        final long[] seq = new long[n];
        for (int k = 0; k < size; k++) {
            final int i = (head + k) % ringFp.length;
            fp[k] = ringFp[i];
            ts[k] = ringTs[i];
            seq[k] = ringSeq[i];
        }
        ringFp = fp;
        ringTs = ts;
        ringSeq = seq;
        head = 0;
    }

    private static int slot(final long fp, final int mask) {
        final long h = fp * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void insert(final long fp) {
        if (fp == EMPTY_SLOT) {
            hasZero = true;
            return;
        }
        if ((tableCount + 1) * 2 > table.length) {
            rehash(table.length * 2);
        }
        final int mask = table.length - 1;
        int i = slot(fp, mask);
        while (table[i] != EMPTY_SLOT) {
            if (table[i] == fp) {
                return;
            }
            i = (i + 1) & mask;
        }
        table[i] = fp;
        tableCount++;
    }

    /** Linear-probing delete with backward shift, so lookups never need tombstones. */
    private void delete(final long fp) {
        if (fp == EMPTY_SLOT) {
            hasZero = false;
            return;
        }
        final int mask = table.length - 1;
        int i = slot(fp, mask);
        while (table[i] != fp) {
            if (table[i] == EMPTY_SLOT) {
                return;
            }
            i = (i + 1) & mask;
        }
        table[i] = EMPTY_SLOT;
        tableCount--;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            final long v = table[j];
            if (v == EMPTY_SLOT) {
                break;
            }
            final int home = slot(v, mask);
            // Move v back into the hole at i unless its home lies cyclically in (i, j].
            final boolean homeInRange = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!homeInRange) {
                table[i] = v;
                table[j] = EMPTY_SLOT;
                i = j;
            }
        }
        if (table.length > 64 && tableCount * 8 < table.length) {
            rehash(table.length / 2);
        }
    }

    private void rehash(final int capacity) {
        final long[] old = table;
        table = new long[capacity];
        Arrays.fill(table, EMPTY_SLOT);
        tableCount = 0;
        final int mask = capacity - 1;
        for (final long v : old) {
            if (v != EMPTY_SLOT) {
                int i = slot(v, mask);
                while (table[i] != EMPTY_SLOT) {
                    i = (i + 1) & mask;
                }
                table[i] = v;
                tableCount++;
            }
        }
    }
}
