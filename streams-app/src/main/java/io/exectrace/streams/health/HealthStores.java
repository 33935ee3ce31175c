package io.exectrace.streams.health;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builders of the health stores, under the names the topology gives them. Their values ({@link HealthCounts},
 * {@link SessionWatch}) and serdes stay inside this package: only the health processors read and write them.
 */
public final class HealthStores {

    private HealthStores() {
    }

    /** A window store of {@link HealthCounts} keyed by {@link HealthKey}, cached, windows of {@code size}. */
    public static StoreBuilder<?> windows(final String name, final Duration retention, final Duration size) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, size, false),
                Serdes.String(), new HealthCountsSerde()).withCachingEnabled();
    }

    /** A key-value store of {@link SessionWatch} per session id, cached. */
    public static StoreBuilder<?> watches(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                new SessionWatchSerde()).withCachingEnabled();
    }
}
