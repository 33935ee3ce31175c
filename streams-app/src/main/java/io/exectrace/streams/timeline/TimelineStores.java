package io.exectrace.streams.timeline;

import io.exectrace.streams.codec.ExecutionEventSerde;
import io.exectrace.streams.store.WrappingStoreBuilder;
import io.exectrace.streams.store.WriteBehindKeyValueStore;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builders of the timeline's two stores, under the names the topology gives them. */
public final class TimelineStores {

    private TimelineStores() {
    }

    /** Events keyed by {@link TimelineKey}, uncached (see below). */
    public static StoreBuilder<?> events(final String name) {
        // Every timeline key is new (session, event time, fingerprint): a cache in front would only hold each event
        // until the commit, at the price of a sorted-map insert and lookup per record.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(),
                new ExecutionEventSerde()).withCachingDisabled();
    }

    /**
     * One {@link TimelineIndexEntry} per session (and the task's expiry clock), cached. Every stored event moves
     * its session's entry: the changes wait in memory for the commit ({@link WriteBehindKeyValueStore}), but a
     * session's first entry and its removal reach the store at once, since the API looks sessions up here.
     */
    public static StoreBuilder<?> index(final String name) {
        return new WrappingStoreBuilder<KeyValueStore<String, TimelineIndexEntry>>(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                        new TimelineIndexEntrySerde()), WriteBehindKeyValueStore::keysVisibleAtOnce)
                .withCachingEnabled();
    }
}
