package io.exectrace.streams.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A real store that also notes how it is read: the full scans ({@link #all()}), the upper bound of every reverse
 * range (where a walk from the newest end seeks to) and how many keys lay inside the ranges read. Tests of what a
 * read costs use it.
 */
public final class ReadRecordingStore<K, V> implements KeyValueStore<K, V> {

    private final KeyValueStore<K, V> inner;
    private final List<K> reverseRangeUpperBounds = new ArrayList<>();
    private int fullScans;
    private long keysInsideRanges;
    private long keysIterated;

    public ReadRecordingStore(final KeyValueStore<K, V> inner) {
        this.inner = inner;
    }

    /** How many times {@link #all()} was called. */
    public int fullScans() {
        return fullScans;
    }

    /**
     * How many keys the store held inside the ranges read so far, summed over the ranges: what a cached store
     * copies for them (Kafka Streams' record cache copies every cached key of a range before iterating).
     */
    public long keysInsideRanges() {
        return keysInsideRanges;
    }

    /** Starts {@link #keysInsideRanges()} and {@link #keysIterated()} afresh. */
    public void clearKeysInsideRanges() {
        keysInsideRanges = 0;
        keysIterated = 0;
    }

    /** How many entries callers took from the reverse ranges they read (what they decoded and looked at). */
    public long keysIterated() {
        return keysIterated;
    }

    private void countKeysInside(final K from, final K to) {
        try (KeyValueIterator<K, V> keys = inner.range(from, to)) {
            while (keys.hasNext()) {
                keys.next();
                keysInsideRanges++;
            }
        }
    }

    /** The upper bounds of the reverse ranges read so far, oldest first; clear it to start afresh. */
    public List<K> reverseRangeUpperBounds() {
        return reverseRangeUpperBounds;
    }

    @Override
    public KeyValueIterator<K, V> all() {
        fullScans++;
        return inner.all();
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(final K from, final K to) {
        reverseRangeUpperBounds.add(to);
        countKeysInside(from, to);
        final KeyValueIterator<K, V> range = inner.reverseRange(from, to);
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return range.hasNext();
            }

            @Override
            public KeyValue<K, V> next() {
                keysIterated++;
                return range.next();
            }

            @Override
            public K peekNextKey() {
                return range.peekNextKey();
            }

            @Override
            public void close() {
                range.close();
            }
        };
    }

    @Override
    public void put(final K key, final V value) {
        inner.put(key, value);
    }

    @Override
    public V putIfAbsent(final K key, final V value) {
        return inner.putIfAbsent(key, value);
    }

    @Override
    public void putAll(final List<KeyValue<K, V>> entries) {
        inner.putAll(entries);
    }

    @Override
    public V delete(final K key) {
        return inner.delete(key);
    }

    @Override
    public V get(final K key) {
        return inner.get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(final K from, final K to) {
        countKeysInside(from, to);
        return inner.range(from, to);
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        inner.init(context, root);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }
}
