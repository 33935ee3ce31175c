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

    /** Window size of the store; only the start (close time) matters for reads. */
    static final Duration WINDOW = Duration.ofMillis(1);

    private final String storeName;
    private WindowStore<String, ClosedChain> store;

    private ChainRecorder(final String storeName) {
        this.storeName = storeName;
    }

    /**
     * The processor with its store, a {@code WindowStore<String, ClosedChain>} named {@code storeName}: session id →
     * closed chains at their close time (ms). {@code chains.process(ChainRecorder.supplier(name, retention), ...)}.
     */
    public static ProcessorSupplier<String, ClosedChain, Void, Void> supplier(final String storeName,
                                                                               final Duration retention) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ClosedChain, Void, Void> get() {
                return new ChainRecorder(storeName);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.windowStoreBuilder(Stores.persistentWindowStore(storeName, retention, WINDOW,
                        true), Serdes.String(), new ClosedChainSerde()));
            }
        };
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(final Record<String, ClosedChain> record) {
        final ClosedChain chain = record.value();
        if (chain != null) {
            store.put(chain.sessionId(), chain, chain.closeTsMillis());
        }
    }
}
