package io.exectrace.streams.health;

import java.time.Duration;

import io.exectrace.streams.store.WrappingStoreBuilder;
import io.exectrace.streams.store.WriteBehindKeyValueStore;
import io.exectrace.streams.store.WriteBehindWindowStore;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Builders of the health stores, under the names the topology gives them. Their values ({@link HealthCounts},
 * {@link SessionWatch}) and serdes stay inside this package: only the health processors read and write them.
 */
public final class HealthStores {

    private HealthStores() {
    }

    /**
     * A window store of {@link HealthCounts} keyed by {@link HealthKey}, cached, windows of {@code size}. Both
     * health processors read and write a session's current window on every record: they do it in memory, and
     * the store sees each window once per commit ({@link WriteBehindWindowStore}).
     */
    public static StoreBuilder<?> windows(final String name, final Duration retention, final Duration size) {
        return new WrappingStoreBuilder<WindowStore<String, HealthCounts>>(
                Stores.windowStoreBuilder(Stores.persistentWindowStore(name, retention, size, false),
                        Serdes.String(), new HealthCountsSerde()), WriteBehindWindowStore::new)
                .withCachingEnabled();
    }

    /** A key-value store of {@link SessionWatch} per session id, cached, written once per commit per session. */
    public static StoreBuilder<?> watches(final String name) {
        return new WrappingStoreBuilder<KeyValueStore<String, SessionWatch>>(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                        new SessionWatchSerde()), WriteBehindKeyValueStore::new)
                .withCachingEnabled();
    }
}
