package io.exectrace.streams.store;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * What the write-behind stores share: their lifecycle around Kafka Streams' commits. Pending writes go down before
 * the cache below is flushed or the store committed, and the memory is dropped, unwritten, whenever Kafka
 * Streams drops the cache (an aborted transaction, a task closed dirty) or re-initializes or closes the store.
 */
abstract class WriteBehindStateStore<S extends StateStore, K, V> extends WrappedStateStore<S, K, V> {

    final StoreOwner owner = new StoreOwner();

    WriteBehindStateStore(final S inner) {
        super(inner);
    }

    /** Hands every pending write to the store below (only from the owner). */
    abstract void handOverAll();

    /** Drops what memory holds, pending or not. */
    abstract void dropMemory();

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        forget();
        super.init(context, root);
    }

    @Override
    public void flushCache() {
        handOverAll();
        dropMemory();
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

    private void forget() {
        dropMemory();
        owner.release();
    }
}
