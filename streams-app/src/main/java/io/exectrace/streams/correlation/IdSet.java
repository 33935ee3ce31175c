package io.exectrace.streams.correlation;

/**
 * A set of strings in one open-addressing array (linear probing, backward-shift deletion): the closed-id memory
 * holds hundreds of thousands of ids on a long log, and a {@code HashSet} would add a 32-byte node and a pointer
 * chase to each. Not thread-safe.
 */
final class IdSet {
    private String[] table = new String[16];
    private int count;

    boolean contains(final String id) {
        final String[] t = table;
        final int mask = t.length - 1;
        for (int i = slot(id, mask); ; i = (i + 1) & mask) {
            final String v = t[i];
            if (v == null) {
                return false;
            }
            if (v == id || v.equals(id)) {
                return true;
            }
        }
    }

    /** Adds the id; returns false when it was already present. */
    boolean add(final String id) {
        if ((count + 1) * 2 > table.length) {
            rehash(table.length * 2);
        }
        final int mask = table.length - 1;
        int i = slot(id, mask);
        while (table[i] != null) {
            if (table[i].equals(id)) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = id;
        count++;
        return true;
    }

    void remove(final String id) {
        final int mask = table.length - 1;
        int i = slot(id, mask);
        while (true) {
            final String v = table[i];
            if (v == null) {
                return;
            }
            if (v.equals(id)) {
                break;
            }
            i = (i + 1) & mask;
        }
        table[i] = null;
        count--;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            final String v = table[j];
            if (v == null) {
                break;
            }
            final int home = slot(v, mask);
            // Move v back into the hole at i unless its home lies cyclically in (i, j].
            final boolean homeInRange = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!homeInRange) {
                table[i] = v;
                table[j] = null;
                i = j;
            }
        }
        if (table.length > 64 && count * 8 < table.length) {
            rehash(table.length / 2);
        }
    }

    int size() {
        return count;
    }

    private static int slot(final String id, final int mask) {
        final int h = id.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    private void rehash(final int capacity) {
        final String[] old = table;
        table = new String[capacity];
        final int mask = capacity - 1;
        for (final String v : old) {
            if (v != null) {
                int i = slot(v, mask);
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = v;
            }
        }
    }
}
