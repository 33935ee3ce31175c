package io.exectrace.streams.deadletter;

import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Reads the {@code parse-errors} store: invalid records in total (key {@value #TOTAL}) and per parse-error reason
 * label. Each partition counts its own records; the sum over a store obtained through interactive queries (which
 * spans this instance's partitions) is this instance's total.
 */
public final class ParseErrorTotals {

    /** Key of the count of all invalid records. */
    public static final String TOTAL = "total";

    private ParseErrorTotals() {
    }

    /** The store under the name the topology gives it: a cached key-value store of counts. */
    public static StoreBuilder<?> storeBuilder(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long())
                .withCachingEnabled();
    }

    /** Counts by key ({@value #TOTAL} and each reason label), summed over every partition the store spans. */
    public static Map<String, Long> read(final ReadOnlyKeyValueStore<String, Long> store) {
        final Map<String, Long> counts = new TreeMap<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            while (all.hasNext()) {
                final KeyValue<String, Long> entry = all.next();
                counts.merge(entry.key, entry.value, Long::sum);
            }
        }
        return counts;
    }
}
