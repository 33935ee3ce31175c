package io.exectrace.streams.health;

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
 * Keeps the alerts queryable for the API's {@code /api/alerts}: a window store keyed by session id at the alert's
 * event time, duplicates retained, dropped with the health windows' retention.
 */
public final class AlertRecorder implements Processor<String, Alert, Void, Void> {

    /** Window size of the store; only the start (event time) matters for reads. */
    static final Duration WINDOW = Duration.ofMillis(1);

    private final String storeName;
    private WindowStore<String, Alert> store;

    private AlertRecorder(final String storeName) {
        this.storeName = storeName;
    }

    /**
     * The processor with its store, a {@code WindowStore<String, Alert>} named {@code storeName}: session id →
     * alerts at their event time (ms). {@code alerts.process(AlertRecorder.supplier(name, retention), ...)}.
     */
    public static ProcessorSupplier<String, Alert, Void, Void> supplier(final String storeName,
                                                                         final Duration retention) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, Alert, Void, Void> get() {
                return new AlertRecorder(storeName);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.windowStoreBuilder(Stores.persistentWindowStore(storeName, retention,
                        WINDOW, true), Serdes.String(), new AlertSerde()));
            }
        };
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(final Record<String, Alert> record) {
        final Alert alert = record.value();
        if (alert != null) {
            store.put(alert.sessionId(), alert, alert.eventTimeMillis());
        }
    }
}
