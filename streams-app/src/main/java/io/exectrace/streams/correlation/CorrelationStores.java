package io.exectrace.streams.correlation;

import io.exectrace.streams.sessions.SessionsIndex;
import io.exectrace.streams.store.WrappingStoreBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The state stores of {@link SessionProcessor} under the names the topology gives them, their builders and serdes,
 * and read helpers for interactive queries. All four are persistent (RocksDB), change-logged and cached, and
 * written by the session processor once per commit ({@link PreCommitKeyValueStore}).
 *
 * @param summaries name of the store of session id → {@link SessionSummary}
 * @param latencies name of the store of (session, symbol | all) → {@link LatencySketches}; read it with
 *                  {@link #readLatencies}
 * @param state     name of the store of open chains, duplicate memory and closed-chain ids per session (binary,
 *                  see StateKeys); read a session's open chains with {@link #readOpenChains}
 * @param index     name of the {@link SessionsIndex} store: the sessions by newest event time, written with
 *                  their summaries
 */
public record CorrelationStores(String summaries, String latencies, String state, String index) {

    private static final BytesSerializer BYTES = new BytesSerializer();

    /** Builders of the four stores: persistent RocksDB, change-logged, cached, written before each commit. */
    public List<StoreBuilder<?>> storeBuilders() {
        return storeBuilders(Stores::persistentKeyValueStore);
    }

    /** Builders of the four stores over the given suppliers (e.g. {@code Stores::inMemoryKeyValueStore}). */
    public List<StoreBuilder<?>> storeBuilders(final Function<String, KeyValueBytesStoreSupplier> supplier) {
        // Each one runs the session processor's pending writes before its cache is flushed for a commit.
        return List.of(
                preCommit(Stores.keyValueStoreBuilder(supplier.apply(summaries), Serdes.String(), summarySerde())),
                preCommit(Stores.keyValueStoreBuilder(supplier.apply(latencies), Serdes.Bytes(),
                        latencySketchesSerde())),
                preCommit(Stores.keyValueStoreBuilder(supplier.apply(state), Serdes.Bytes(), Serdes.ByteArray())),
                preCommit(Stores.keyValueStoreBuilder(supplier.apply(index), Serdes.Bytes(), Serdes.ByteArray())));
    }

    private static <K, V> StoreBuilder<KeyValueStore<K, V>> preCommit(
            final StoreBuilder<KeyValueStore<K, V>> inner) {
        return new WrappingStoreBuilder<KeyValueStore<K, V>>(inner, PreCommitKeyValueStore::new)
                .withCachingEnabled();
    }

    /** Binary serde of {@link SessionSummary} (compact, versioned). */
    public static Serde<SessionSummary> summarySerde() {
        return Serdes.serdeFrom((topic, summary) -> summary == null ? null : summary.encode(),
                (topic, bytes) -> bytes == null ? null : SessionSummary.decode(bytes));
    }

    /** Binary serde of {@link LatencySketches}. */
    public static Serde<LatencySketches> latencySketchesSerde() {
        return Serdes.serdeFrom((topic, profile) -> profile == null ? null : profile.encode(),
                (topic, bytes) -> bytes == null ? null : LatencySketches.decode(bytes));
    }

    /** Key of a session's latency sketches in the latency store; {@code symbol} null = all symbols. */
    public static Bytes latencyKey(final String sessionId, final String symbol) {
        return StateKeys.latency(sessionId, symbol);
    }

    /** All latency sketches of a session from the latency store (one prefix scan); never null. */
    public static SessionLatencies readLatencies(final ReadOnlyKeyValueStore<Bytes, LatencySketches> store,
                                                 final String sessionId) {
        final byte[] prefix = StateKeys.sessionPrefix(sessionId);
        LatencySketches all = null;
        final NavigableMap<String, LatencySketches> bySymbol = new TreeMap<>();
        try (KeyValueIterator<Bytes, LatencySketches> it = store.prefixScan(Bytes.wrap(prefix), BYTES)) {
            while (it.hasNext()) {
                final KeyValue<Bytes, LatencySketches> kv = it.next();
                final String symbol = StateKeys.latencySymbol(prefix, kv.key.get());
                if (symbol == null) {
                    all = kv.value;
                } else {
                    bySymbol.put(symbol, kv.value);
                }
            }
        }
        return new SessionLatencies(all != null ? all : new LatencySketches(), bySymbol);
    }

    /**
     * The open chains of a session from the correlation-state store (one prefix scan; in start order), as of
     * the session's last write (at most one commit or {@link SessionProcessor#PENDING_WRITE_INTERVAL} old).
     *
     * @param sessionClockMicros the session's event clock ({@link SessionSummary#lastTsMicros()}), for the ages
     */
    public static List<OpenChainView> readOpenChains(final ReadOnlyKeyValueStore<Bytes, byte[]> store,
                                                     final String sessionId, final long sessionClockMicros) {
        final byte[] prefix = StateKeys.sessionPrefix(sessionId);
        final List<OpenChainView> open = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(Bytes.wrap(prefix), BYTES)) {
            while (it.hasNext()) {
                final KeyValue<Bytes, byte[]> kv = it.next();
                final byte[] key = kv.key.get();
                if (key[prefix.length] != StateKeys.CHAIN) {
                    break;      // chains sort first; memory chunks follow
                }
                if (kv.value != null) {
                    final OpenChain c = OpenChain.read(StateKeys.longAfterType(prefix, key),
                            new CompactReader(kv.value));
                    open.add(OpenChainView.of(sessionId, c, sessionClockMicros));
                }
            }
        }
        return open;
    }
}
