package io.exectrace.streams.venue;

import io.exectrace.streams.store.WrappingStoreBuilder;
import io.exectrace.streams.store.WriteBehindKeyValueStore;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The reconciliation stores: persistent, change-logged (exactly-once with the rest under EOS). */
public final class ReconciliationStores {

    private ReconciliationStores() {
    }

    /**
     * Per venue order id, both sides' undecided fills ({@link ReconciliationProcessor}); read and rewritten on every
     * record of the order, so kept decoded in memory and written once per commit ({@link WriteBehindKeyValueStore}).
     */
    public static StoreBuilder<KeyValueStore<String, OrderSides>> orders(final String name) {
        return new WrappingStoreBuilder<KeyValueStore<String, OrderSides>>(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                        new OrderSidesSerde()), WriteBehindKeyValueStore::new);
    }

    /**
     * Per client order id and session, one order of the client-order-id fallback ({@link ClientOrderReconciliation});
     * read and rewritten on every record of the order, so written once per commit like {@link #orders}.
     */
    public static StoreBuilder<KeyValueStore<String, ClientOrder>> clientOrders(final String name) {
        return new WrappingStoreBuilder<KeyValueStore<String, ClientOrder>>(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                        new ClientOrderSerde()), WriteBehindKeyValueStore::new);
    }

    /**
     * Per session, its {@link SessionReconciliation}: rewritten on every decision (up to its 1,000 kept
     * differences), so written once per commit; a session's first entry reaches the store at once, since the API
     * reads it (queries see the rest as of the last commit).
     */
    public static StoreBuilder<KeyValueStore<String, SessionReconciliation>> sessions(final String name) {
        return new WrappingStoreBuilder<KeyValueStore<String, SessionReconciliation>>(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                        new SessionReconciliationSerde()), WriteBehindKeyValueStore::keysVisibleAtOnce);
    }

    /** Venue fills that match no order of ours ({@link VenueLevelRecorder}). */
    public static StoreBuilder<KeyValueStore<String, FillDecision>> venueLevel(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                new FillDecisionSerde());
    }
}
