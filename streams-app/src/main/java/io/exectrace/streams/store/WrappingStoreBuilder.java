package io.exectrace.streams.store;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds a store of ours around whatever a Kafka Streams builder builds (its metered, cached, change-logged
 * store), so the wrapper sees decoded keys and values and is the store every processor and the commit see.
 */
public final class WrappingStoreBuilder<S extends StateStore> implements StoreBuilder<S> {

    private final StoreBuilder<S> inner;
    private final UnaryOperator<S> wrap;

    public WrappingStoreBuilder(final StoreBuilder<S> inner, final UnaryOperator<S> wrap) {
        this.inner = inner;
        this.wrap = wrap;
    }

    @Override
    public StoreBuilder<S> withCachingEnabled() {
        inner.withCachingEnabled();
        return this;
    }

    @Override
    public StoreBuilder<S> withCachingDisabled() {
        inner.withCachingDisabled();
        return this;
    }

    @Override
    public StoreBuilder<S> withLoggingEnabled(final Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<S> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
    }

    @Override
    public S build() {
        return wrap.apply(inner.build());
    }

    @Override
    public Map<String, String> logConfig() {
        return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return inner.loggingEnabled();
    }

    @Override
    public String name() {
        return inner.name();
    }
}
