package io.exectrace.streams.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A window store (without duplicates) that keeps the windows its stream thread reads and writes by (key, window
 * start) decoded in memory between commits, as {@link WriteBehindKeyValueStore} does for key-value stores: a
 * window updated on every record costs a hash-map update per record and one cache write per commit. A range read
 * of one key first hands that key's pending windows to the store below; a read over many keys hands over all.
 */
public final class WriteBehindWindowStore<K, V> extends WrappedStateStore<WindowStore<K, V>, K, V>
        implements WindowStore<K, V> {

    private final Map<K, Map<Long, Slot<V>>> slots = new HashMap<>();
    private int dirty;
    private volatile Thread owner;

    public WriteBehindWindowStore(final WindowStore<K, V> inner) {
        super(inner);
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        forget();
        super.init(context, root);
    }

    @Override
    public void put(final K key, final V value, final long windowStartTimestamp) {
        claim();
        final Map<Long, Slot<V>> windows = slots.computeIfAbsent(key, k -> new HashMap<>(4));
        final Slot<V> slot = windows.get(windowStartTimestamp);
        if (slot == null) {
            windows.put(windowStartTimestamp, new Slot<>(value, true));
            dirty++;
        } else {
            if (!slot.dirty) {
                slot.dirty = true;
                dirty++;
            }
            slot.value = value;
        }
    }

    @Override
    public V fetch(final K key, final long time) {
        if (owner != Thread.currentThread()) {
            return wrapped().fetch(key, time);
        }
        final Map<Long, Slot<V>> windows = slots.computeIfAbsent(key, k -> new HashMap<>(4));
        final Slot<V> slot = windows.get(time);
        if (slot != null) {
            return slot.value;
        }
        final V value = wrapped().fetch(key, time);
        windows.put(time, new Slot<>(value, false));
        return value;
    }

    @Override
    public WindowStoreIterator<V> fetch(final K key, final long timeFrom, final long timeTo) {
        handOver(key);
        return wrapped().fetch(key, timeFrom, timeTo);
    }

    @Override
    public WindowStoreIterator<V> fetch(final K key, final Instant timeFrom, final Instant timeTo) {
        handOver(key);
        return wrapped().fetch(key, timeFrom, timeTo);
    }

    @Override
    public WindowStoreIterator<V> backwardFetch(final K key, final long timeFrom, final long timeTo) {
        handOver(key);
        return wrapped().backwardFetch(key, timeFrom, timeTo);
    }

    @Override
    public WindowStoreIterator<V> backwardFetch(final K key, final Instant timeFrom, final Instant timeTo) {
        handOver(key);
        return wrapped().backwardFetch(key, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> fetch(final K keyFrom, final K keyTo, final long timeFrom,
                                                  final long timeTo) {
        handOverAll();
        return wrapped().fetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> fetch(final K keyFrom, final K keyTo, final Instant timeFrom,
                                                  final Instant timeTo) {
        handOverAll();
        return wrapped().fetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> backwardFetch(final K keyFrom, final K keyTo, final long timeFrom,
                                                          final long timeTo) {
        handOverAll();
        return wrapped().backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> backwardFetch(final K keyFrom, final K keyTo, final Instant timeFrom,
                                                          final Instant timeTo) {
        handOverAll();
        return wrapped().backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> fetchAll(final long timeFrom, final long timeTo) {
        handOverAll();
        return wrapped().fetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> fetchAll(final Instant timeFrom, final Instant timeTo) {
        handOverAll();
        return wrapped().fetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> backwardFetchAll(final long timeFrom, final long timeTo) {
        handOverAll();
        return wrapped().backwardFetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> backwardFetchAll(final Instant timeFrom, final Instant timeTo) {
        handOverAll();
        return wrapped().backwardFetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> all() {
        handOverAll();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<Windowed<K>, V> backwardAll() {
        handOverAll();
        return wrapped().backwardAll();
    }

    @Override
    public void flushCache() {
        handOverAll();
        slots.clear();
        super.flushCache();
    }

    @Override
    public void commit(final Map<TopicPartition, Long> changelogOffsets) {
        handOverAll();
        super.commit(changelogOffsets);
    }

    @Override
    public void clearCache() {
        forget();
        super.clearCache();
    }

    @Override
    public void close() {
        forget();
        super.close();
    }

    /** Windows read or written since the last commit (what the memory holds); for tests. */
    int windowsInMemory() {
        int windows = 0;
        for (final Map<Long, Slot<V>> perKey : slots.values()) {
            windows += perKey.size();
        }
        return windows;
    }

    private void claim() {
        final Thread current = Thread.currentThread();
        if (owner == null) {
            owner = current;
        } else if (owner != current) {
            throw new IllegalStateException("store " + name() + " is written by " + owner.getName()
                    + " and " + current.getName());
        }
    }

    private void handOver(final K key) {
        if (dirty == 0 || owner != Thread.currentThread()) {
            return;
        }
        final Map<Long, Slot<V>> windows = slots.get(key);
        if (windows != null) {
            handOver(key, windows);
        }
    }

    private void handOverAll() {
        if (dirty == 0 || owner != Thread.currentThread()) {
            return;
        }
        for (final Map.Entry<K, Map<Long, Slot<V>>> entry : slots.entrySet()) {
            handOver(entry.getKey(), entry.getValue());
        }
    }

    private void handOver(final K key, final Map<Long, Slot<V>> windows) {
        for (final Map.Entry<Long, Slot<V>> window : windows.entrySet()) {
            final Slot<V> slot = window.getValue();
            if (slot.dirty) {
                wrapped().put(key, slot.value, window.getKey());
                slot.dirty = false;
                dirty--;
            }
        }
    }

    private void forget() {
        slots.clear();
        dirty = 0;
        owner = null;
    }

    /** A window's value as the owner last read or wrote it; dirty until handed to the store below. */
    private static final class Slot<V> {
        private V value;
        private boolean dirty;

        Slot(final V value, final boolean dirty) {
            this.value = value;
            this.dirty = dirty;
        }
    }
}
