package io.exectrace.streams.correlation;

/**
 * Chains of one symbol waiting for something, oldest first: sorted by a time the owner chooses, then by sequence
 * number. Chains mostly arrive in time order and mostly leave from the front, so a sorted ring is cheaper than a
 * tree: an insert walks back from the end, a removal shifts the shorter side.
 */
final class ChainQueue {
    private OpenChain[] chains = new OpenChain[8];
    private long[] times = new long[8];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The i-th chain, oldest first. */
    OpenChain get(final int i) {
        return chains[slot(i)];
    }

    void add(final OpenChain c, final long time) {
        if (size == chains.length) {
            grow();
        }
        int pos = size;
        while (pos > 0 && less(time, c.seq, pos - 1)) {
            pos--;
        }
        if (pos >= size / 2) {
            for (int i = size; i > pos; i--) {
                copy(i - 1, i);
            }
        } else {
            head = (head - 1) & (chains.length - 1);
            for (int i = 0; i < pos; i++) {
                copy(i + 1, i);
            }
        }
        chains[slot(pos)] = c;
        times[slot(pos)] = time;
        size++;
    }

    /** Removes the chain queued under {@code time}; false when it is not in the queue. */
    boolean remove(final OpenChain c, final long time) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            if (less(time, c.seq, mid)) {
                hi = mid - 1;
            } else if (chains[slot(mid)] == c) {
                removeAt(mid);
                return true;
            } else {
                lo = mid + 1;
            }
        }
        return false;
    }

    private void removeAt(final int pos) {
        if (pos >= size / 2) {
            for (int i = pos; i < size - 1; i++) {
                copy(i + 1, i);
            }
            chains[slot(size - 1)] = null;
        } else {
            for (int i = pos; i > 0; i--) {
                copy(i - 1, i);
            }
            chains[head] = null;
            head = (head + 1) & (chains.length - 1);
        }
        size--;
    }

    /** Whether (time, seq) sorts before the entry at logical position i. */
    private boolean less(final long time, final long seq, final int i) {
        final int s = slot(i);
        return time < times[s] || time == times[s] && seq < chains[s].seq;
    }

    private void copy(final int from, final int to) {
        final int f = slot(from);
        final int t = slot(to);
        chains[t] = chains[f];
        times[t] = times[f];
    }

    private int slot(final int i) {
        return (head + i) & (chains.length - 1);
    }

    private void grow() {
        final int n = chains.length * 2;
        final OpenChain[] c = new OpenChain[n];
        final long[] t = new long[n];
        for (int i = 0; i < size; i++) {
            c[i] = chains[slot(i)];
            t[i] = times[slot(i)];
        }
        chains = c;
        times = t;
        head = 0;
    }
}
