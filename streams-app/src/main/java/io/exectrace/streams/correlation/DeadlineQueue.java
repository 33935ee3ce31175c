package io.exectrace.streams.correlation;

import java.util.Arrays;

/**
 * The indexed chains of one session by deadline, then sequence number: a binary heap over primitive arrays with
 * lazy removal. A chain leaves and re-enters the queue on most of its events (each one moves its deadline), so
 * removal only bumps the chain's {@link OpenChain#queueGen}; an entry whose generation no longer matches is skipped
 * when it reaches the top, and the heap is rebuilt from its live entries when stale ones outnumber them, so its
 * size stays within twice the open chains (plus a constant).
 */
final class DeadlineQueue {
    static final int SLACK = 32;

    private long[] deadlines = new long[16];
    private long[] seqs = new long[16];
    private int[] gens = new int[16];
    private OpenChain[] chains = new OpenChain[16];
    private int size;
    private int live;

    /** Adds a chain whose deadline is set; a chain already queued moves to its new deadline. */
    void add(final OpenChain c) {
        if (c.queued) {
            live--;
        }
        c.queued = true;
        c.queueGen++;
        live++;
        if (size > 2 * live + SLACK) {
            compact();
        }
        if (size == chains.length) {
            grow();
        }
        int i = size++;
        while (i > 0) {
            final int parent = (i - 1) >>> 1;
            if (!less(c.deadline, c.seq, parent)) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        put(i, c.deadline, c.seq, c.queueGen, c);
    }

    /** Takes a chain out; nothing happens when it is not queued. */
    void remove(final OpenChain c) {
        if (!c.queued) {
            return;
        }
        c.queued = false;
        c.queueGen++;
        live--;
        if (live == 0) {
            Arrays.fill(chains, 0, size, null);
            size = 0;
        } else if (size > 2 * live + SLACK) {
            compact();
        }
    }

    boolean isEmpty() {
        return live == 0;
    }

    int size() {
        return live;
    }

    /** Heap entries, stale ones included (at most twice the queued chains plus a constant). */
    int entries() {
        return size;
    }

    /** The queued chain with the earliest deadline (lowest sequence number among equal ones), or null. */
    OpenChain first() {
        dropStaleTop();
        return size == 0 ? null : chains[0];
    }

    /** Removes and returns {@link #first()}. */
    OpenChain pollFirst() {
        final OpenChain c = first();
        if (c != null) {
            remove(c);
        }
        return c;
    }

    private void dropStaleTop() {
        while (size > 0 && gens[0] != chains[0].queueGen) {
            removeTop();
        }
    }

    private void removeTop() {
        size--;
        final long d = deadlines[size];
        final long s = seqs[size];
        final int g = gens[size];
        final OpenChain c = chains[size];
        chains[size] = null;
        if (size > 0) {
            siftDown(0, d, s, g, c);
        }
    }

    private void siftDown(final int from, final long d, final long s, final int g, final OpenChain c) {
        int i = from;
        final int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            final int right = child + 1;
            if (right < size && less(deadlines[right], seqs[right], child)) {
                child = right;
            }
            if (!less(deadlines[child], seqs[child], d, s)) {
                break;
            }
            move(child, i);
            i = child;
        }
        put(i, d, s, g, c);
    }

    /** Keeps the live entries only and restores the heap order. */
    private void compact() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (gens[i] == chains[i].queueGen) {
                move(i, n++);
            }
        }
        Arrays.fill(chains, n, size, null);
        size = n;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i, deadlines[i], seqs[i], gens[i], chains[i]);
        }
    }

    private void grow() {
        final int n = chains.length * 2;
        deadlines = Arrays.copyOf(deadlines, n);
        seqs = Arrays.copyOf(seqs, n);
        gens = Arrays.copyOf(gens, n);
        chains = Arrays.copyOf(chains, n);
    }

    private boolean less(final long d, final long s, final int j) {
        return less(d, s, deadlines[j], seqs[j]);
    }

    private static boolean less(final long d1, final long s1, final long d2, final long s2) {
        return d1 < d2 || d1 == d2 && s1 < s2;
    }

    private void move(final int from, final int to) {
        put(to, deadlines[from], seqs[from], gens[from], chains[from]);
    }

    private void put(final int i, final long d, final long s, final int g, final OpenChain c) {
        deadlines[i] = d;
        seqs[i] = s;
        gens[i] = g;
        chains[i] = c;
    }
}
