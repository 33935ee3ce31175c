package io.exectrace.streams.reorder;

import io.exectrace.streams.ingest.SessionInput;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts records that reached one task from several input partitions back into the order their producers sent
 * them: a merge of the input partitions by arrival time (the records' Kafka timestamps). Each input partition's
 * records stay in offset order; across partitions a record is released once every input partition has been read
 * past its arrival time ({@link #watermark()}, the oldest of the partitions' progress marks). Ties (the same
 * millisecond in two partitions) go by event time, then partition. Not thread-safe.
 */
final class ReorderBuffer {

    /** A record waiting in the buffer, keyed by the session it was attributed to. */
    static final class Entry {
        final String session;
        final SessionInput input;
        /** The record's timestamp on its way here (event time), kept for when it leaves. */
        final long timestamp;
        /** Written to the buffer's store (so its release must delete it there). */
        boolean stored;

        Entry(final String session, final SessionInput input, final long timestamp) {
            this.session = session;
            this.input = input;
            this.timestamp = timestamp;
        }

        int partition() {
            return input.sourcePartition();
        }

        long offset() {
            return input.sourceOffset();
        }

        long arrival() {
            return input.arrivalMillis();
        }

        long tsMicros() {
            return input.isValid() ? input.event().tsMicros() : Long.MIN_VALUE;
        }
    }

    private static final long UNKNOWN = Long.MIN_VALUE;

    private final long[] marks;
    private final Map<Integer, TreeMap<Long, Entry>> byPartition = new HashMap<>();
    private final Map<String, Integer> perSession = new HashMap<>();
    private int size;

    ReorderBuffer(final int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        marks = new long[partitions];
        Arrays.fill(marks, UNKNOWN);
    }

    /** Whether the buffer can order this record: it knows its input partition, offset and arrival time. */
    boolean orderable(final SessionInput input) {
        return input.sourceKnown() && input.arrivalKnown() && input.sourcePartition() < marks.length;
    }

    /** Input partition {@code partition} has been read past {@code arrivalMillis}. */
    void mark(final int partition, final long arrivalMillis) {
        if (partition >= 0 && partition < marks.length && arrivalMillis > marks[partition]) {
            marks[partition] = arrivalMillis;
        }
    }

    /**
     * The arrival time before which every input partition has handed on all its records, {@link Long#MIN_VALUE}
     * while some partition has not reported yet.
     */
    long watermark() {
        long min = Long.MAX_VALUE;
        for (final long mark : marks) {
            if (mark == UNKNOWN) {
                return UNKNOWN;
            }
            min = Math.min(min, mark);
        }
        return min;
    }

    /** Whether a record arriving at {@code arrivalMillis} comes after the buffer has released past that time. */
    boolean isLate(final long arrivalMillis) {
        final long watermark = watermark();
        return watermark != UNKNOWN && arrivalMillis < watermark;
    }

    /** Adds an {@link #orderable} record; a second record at the same partition and offset replaces the first. */
    void add(final Entry entry) {
        final Entry previous = byPartition.computeIfAbsent(entry.partition(), p -> new TreeMap<>())
                .put(entry.offset(), entry);
        if (previous != null) {
            forget(previous);
        }
        perSession.merge(entry.session, 1, Integer::sum);
        size++;
    }

    /** Whether records of {@code session} are waiting (a later record of it must then wait behind them). */
    boolean holds(final String session) {
        return perSession.containsKey(session);
    }

    /** Whether {@code entry} is still waiting. */
    boolean contains(final Entry entry) {
        final TreeMap<Long, Entry> queue = byPartition.get(entry.partition());
        return queue != null && queue.get(entry.offset()) == entry;
    }

    int size() {
        return size;
    }

    /** Hands every record whose time has come to {@code out}, in the merged order; returns how many. */
    int release(final Consumer<Entry> out) {
        final long watermark = watermark();
        if (watermark == UNKNOWN || size == 0) {
            return 0;
        }
        int released = 0;
        while (size > 0) {
            final Entry next = nextHead();
            if (next == null || next.arrival() >= watermark) {
                break;
            }
            byPartition.get(next.partition()).remove(next.offset());
            forget(next);
            out.accept(next);
            released++;
        }
        return released;
    }

    /** Every waiting record, oldest first per partition (for writing them out or a final flush). */
    void forEach(final Consumer<Entry> out) {
        byPartition.values().forEach(queue -> queue.values().forEach(out));
    }

    private Entry nextHead() {
        Entry best = null;
        for (final TreeMap<Long, Entry> queue : byPartition.values()) {
            if (queue.isEmpty()) {
                continue;
            }
            final Entry head = queue.firstEntry().getValue();
            if (best == null || before(head, best)) {
                best = head;
            }
        }
        return best;
    }

    private static boolean before(final Entry a, final Entry b) {
        if (a.arrival() != b.arrival()) {
            return a.arrival() < b.arrival();
        }
        if (a.tsMicros() != b.tsMicros()) {
            return a.tsMicros() < b.tsMicros();
        }
        return a.partition() < b.partition();
    }

    private void forget(final Entry entry) {
        size--;
        perSession.computeIfPresent(entry.session, (s, n) -> n == 1 ? null : n - 1);
    }
}
