package io.exectrace.streams.correlation;

import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that runs its processor's pending writes just before Kafka Streams flushes the store's cache
 * for a commit, so a processor can keep decoded state in memory between commits and still have every change in
 * the store (and its changelog) that the committed offsets cover.
 *
 * <p>Kafka Streams flushes each task's caches before it commits the task's offsets or transaction
 * ({@code StreamTask.prepareCommit}: {@code flushCache()} on every registered cached store, then the record
 * collector); there is no public pre-commit callback for processors, so this hooks the store's own
 * {@code flushCache()} (the internal {@link WrappedStateStore} contract). Every store the pending writes touch
 * must be one of these with the same hook, so whichever is flushed first writes into all of them before any of
 * them is flushed.
 */
final class PreCommitKeyValueStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    private Runnable beforeCommit;

    PreCommitKeyValueStore(final KeyValueStore<K, V> inner) {
        super(inner);
    }

    /**
     * The store under a processor's {@code getStateStore} view, or null when the store is not one of these (e.g. a
     * test context that hands out plain stores).
     */
    static PreCommitKeyValueStore<?, ?> find(final StateStore store) {
        if (store instanceof PreCommitKeyValueStore<?, ?> hooked) {
            return hooked;
        }
        if (store instanceof WrappedStateStore<?, ?, ?> wrapped) {
            return wrapped.findInner(PreCommitKeyValueStore.class);
        }
        return null;
    }

    /** What to write before the next flush; null to stop (the processor is closing). */
    void beforeCommit(final Runnable writes) {
        this.beforeCommit = writes;
    }

    @Override
    public void flushCache() {
        final Runnable writes = beforeCommit;
        if (writes != null) {
            writes.run();
        }
        super.flushCache();
    }

    @Override
    public void close() {
        beforeCommit = null;
        wrapped().close();
    }

    @Override
    public void put(final K key, final V value) {
        wrapped().put(key, value);
    }

    @Override
    public V putIfAbsent(final K key, final V value) {
        return wrapped().putIfAbsent(key, value);
    }

    @Override
    public void putAll(final List<KeyValue<K, V>> entries) {
        wrapped().putAll(entries);
    }

    @Override
    public V delete(final K key) {
        return wrapped().delete(key);
    }

    @Override
    public V get(final K key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(final K from, final K to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(final K from, final K to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(final P prefix,
                                                                           final PS prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }
}
