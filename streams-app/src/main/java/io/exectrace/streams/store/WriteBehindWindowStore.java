package io.exectrace.streams.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A window store (without duplicates) that keeps the windows its stream thread reads and writes by (key, window
 * start) decoded in memory between commits, as {@link WriteBehindKeyValueStore} does for key-value stores: a
 * window updated on every record costs a hash-map update per record and one cache write per commit. A range read
 * of one key first hands that key's pending windows to the store below; a read over many keys hands over all.
 */
public final class WriteBehindWindowStore<K, V> extends WriteBehindStateStore<WindowStore<K, V>, K, V>
        implements WindowStore<K, V> {

    private final Map<K, PendingValues<Long, V>> windowsByKey = new HashMap<>();
    /** Windows written and not yet handed over, over all keys. */
    private int dirty;

    public WriteBehindWindowStore(final WindowStore<K, V> inner) {
        super(inner);
    }

    @Override
    public void put(final K key, final V value, final long windowStartTimestamp) {
        owner.claim(name());
        if (windowsOf(key).write(windowStartTimestamp, value)) {
            dirty++;
        }
    }

    @Override
    public V fetch(final K key, final long time) {
        if (!owner.isCurrent()) {
            return wrapped().fetch(key, time);
        }
        final PendingValues<Long, V> windows = windowsOf(key);
        final PendingValues.Slot<V> slot = windows.slot(time);
        if (slot != null) {
            return slot.value();
        }
        final V value = wrapped().fetch(key, time);
        windows.remember(time, value);
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

    /** Windows read or written since the last commit (what the memory holds); for tests. */
    int windowsInMemory() {
        int windows = 0;
        for (final PendingValues<Long, V> perKey : windowsByKey.values()) {
            windows += perKey.size();
        }
        return windows;
    }

    private PendingValues<Long, V> windowsOf(final K key) {
        PendingValues<Long, V> windows = windowsByKey.get(key);
        if (windows == null) {
            windows = new PendingValues<>(4);
            windowsByKey.put(key, windows);
        }
        return windows;
    }

    private void handOver(final K key) {
        if (dirty == 0 || !owner.isCurrent()) {
            return;
        }
        final PendingValues<Long, V> windows = windowsByKey.get(key);
        if (windows != null) {
            dirty -= windows.handOver((start, value) -> wrapped().put(key, value, start));
        }
    }

    @Override
    void handOverAll() {
        if (dirty == 0 || !owner.isCurrent()) {
            return;
        }
        for (final Map.Entry<K, PendingValues<Long, V>> entry : windowsByKey.entrySet()) {
            final K key = entry.getKey();
            entry.getValue().handOver((start, value) -> wrapped().put(key, value, start));
        }
        dirty = 0;
    }

    @Override
    void dropMemory() {
        windowsByKey.clear();
        dirty = 0;
    }
}
