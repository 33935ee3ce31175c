package io.exectrace.streams.venue;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Adds each decision of a session to its {@link SessionReconciliation} (the session's partition's store). */
public final class SessionReconciliationRecorder implements Processor<String, FillDecision, Void, Void> {
    private final String storeName;
    private KeyValueStore<String, SessionReconciliation> store;

    public SessionReconciliationRecorder(final String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(final Record<String, FillDecision> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        final SessionReconciliation current = store.get(record.key());
        store.put(record.key(), (current == null ? SessionReconciliation.empty() : current).with(record.value()));
    }
}
