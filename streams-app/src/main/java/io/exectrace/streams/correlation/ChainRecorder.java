package io.exectrace.streams.correlation;

import java.time.Duration;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps every closed chain queryable per session for the API's {@code /chains}: a window store keyed by session id
 * at the chain's close time (event time), duplicates retained, so one session's chains are one time-ordered fetch
 * and retention (the timeline's) drops whole segments without a sweep.
 */
public final class ChainRecorder implements Processor<String, ClosedChain, Void, Void> {

    /** {@code WindowStore<String, ClosedChain>}: session id → closed chains at their close time (ms). */
    public static final String SESSION_CHAINS_STORE = "session-chains";
    /** Window size of the store; only the start (close time) matters for reads. */
    static final Duration WINDOW = Duration.ofMillis(1);

    private WindowStore<String, ClosedChain> store;

    /** The processor with its store: {@code chains.process(ChainRecorder.supplier(retention), Named.as(...))}. */
    public static ProcessorSupplier<String, ClosedChain, Void, Void> supplier(final Duration retention) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ClosedChain, Void, Void> get() {
                return new ChainRecorder();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(storeBuilder(retention));
            }
        };
    }

    static StoreBuilder<WindowStore<String, ClosedChain>> storeBuilder(final Duration retention) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(SESSION_CHAINS_STORE, retention, WINDOW, true),
                Serdes.String(), new ClosedChainSerde());
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(SESSION_CHAINS_STORE);
    }

    @Override
    public void process(final Record<String, ClosedChain> record) {
        final ClosedChain chain = record.value();
        if (chain != null) {
            store.put(chain.sessionId(), chain, chain.closeTsMillis());
        }
    }
}
