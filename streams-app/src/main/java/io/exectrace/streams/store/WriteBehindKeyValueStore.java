package io.exectrace.streams.store;

import java.util.List;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A key-value store that keeps the values its stream thread reads and writes decoded in memory between commits
 * and hands the writes to the store below (its record cache, then RocksDB and the changelog) just before that
 * store's cache is flushed for a commit, so a key written on every record costs one hash-map update per record and
 * one serialization and cache write per commit.
 *
 * <p>It must sit above Kafka Streams' record cache: that cache already answers a read with the latest unflushed
 * write, so reading from memory gives the same answers; range reads first hand over what is pending. Only the
 * thread that writes uses the memory; any other thread (an interactive query) reads the store below, as of the
 * last hand-over. What is not committed is dropped with the cache when Kafka Streams clears it (an aborted
 * transaction, a task closed dirty).
 *
 * <p>{@link #keysVisibleAtOnce} makes a key's appearance and removal reach the store below at once (only the
 * changes of a key that exists and goes on existing wait), for a store whose keys interactive queries look up.
 */
public final class WriteBehindKeyValueStore<K, V> extends WriteBehindStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    private final PendingValues<K, V> pending = new PendingValues<>(256);
    private final boolean keysVisibleAtOnce;

    /** Every write waits for the commit. */
    public WriteBehindKeyValueStore(final KeyValueStore<K, V> inner) {
        this(inner, false);
    }

    private WriteBehindKeyValueStore(final KeyValueStore<K, V> inner, final boolean keysVisibleAtOnce) {
        super(inner);
        this.keysVisibleAtOnce = keysVisibleAtOnce;
    }

    /** Writes that add or remove a key reach the store below at once; changes of an existing key wait. */
    public static <K, V> WriteBehindKeyValueStore<K, V> keysVisibleAtOnce(final KeyValueStore<K, V> inner) {
        return new WriteBehindKeyValueStore<>(inner, true);
    }

    @Override
    public V get(final K key) {
        if (!owner.isCurrent()) {
            return wrapped().get(key);
        }
        final PendingValues.Slot<V> slot = pending.slot(key);
        if (slot != null) {
            return slot.value();
        }
        final V value = wrapped().get(key);
        pending.remember(key, value);
        return value;
    }

    @Override
    public void put(final K key, final V value) {
        owner.claim(name());
        if (keysVisibleAtOnce && (value == null) != (get(key) == null)) {
            wrapped().put(key, value);
            pending.writtenThrough(key, value);
            return;
        }
        pending.write(key, value);
    }

    @Override
    public V putIfAbsent(final K key, final V value) {
        owner.claim(name());
        final V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(final List<KeyValue<K, V>> entries) {
        for (final KeyValue<K, V> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public V delete(final K key) {
        owner.claim(name());
        final V current = get(key);
        put(key, null);
        return current;
    }

    @Override
    public KeyValueIterator<K, V> range(final K from, final K to) {
        handOverAll();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(final K from, final K to) {
        handOverAll();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        handOverAll();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        handOverAll();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(final P prefix,
                                                                           final PS prefixKeySerializer) {
        handOverAll();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    /** Keys read or written since the last commit (what the memory holds); for tests. */
    int keysInMemory() {
        return pending.size();
    }

    /** Hands every pending write to the store below; keeps the values in memory for later reads. */
    @Override
    void handOverAll() {
        if (owner.isCurrent()) {
            pending.handOver(wrapped()::put);
        }
    }

    @Override
    void dropMemory() {
        pending.clear();
    }

}
