package io.exectrace.streams.venue;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The reconciliation stores: persistent, change-logged (exactly-once with the rest under EOS). */
public final class ReconciliationStores {

    private ReconciliationStores() {
    }

    /** Per venue order id, both sides' undecided fills ({@link ReconciliationProcessor}). */
    public static StoreBuilder<KeyValueStore<String, OrderSides>> orders(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                new OrderSidesSerde());
    }

    /** Per session, its {@link SessionReconciliation}. */
    public static StoreBuilder<KeyValueStore<String, SessionReconciliation>> sessions(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                new SessionReconciliationSerde());
    }

    /** Venue fills that match no order of ours ({@link VenueLevelRecorder}). */
    public static StoreBuilder<KeyValueStore<String, FillDecision>> venueLevel(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                new FillDecisionSerde());
    }
}
