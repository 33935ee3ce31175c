package io.exectrace.streams.timeline;

import io.exectrace.streams.codec.ExecutionEventSerde;

import org.apache.kafka.common.serialization.Serdes;
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

    /** One {@link TimelineIndexEntry} per session (and the task's expiry clock), cached. */
    public static StoreBuilder<?> index(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                new TimelineIndexEntrySerde()).withCachingEnabled();
    }
}
