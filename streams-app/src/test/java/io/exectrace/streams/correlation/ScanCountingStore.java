package io.exectrace.streams.correlation;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** A real store that also counts the full scans ({@link #all()}) made of it. */
final class ScanCountingStore<K, V> implements KeyValueStore<K, V> {

    private final KeyValueStore<K, V> inner;
    int fullScans;

    ScanCountingStore(final KeyValueStore<K, V> inner) {
        this.inner = inner;
    }

    @Override
    public KeyValueIterator<K, V> all() {
        fullScans++;
        return inner.all();
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
