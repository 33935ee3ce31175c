package io.exectrace.streams.venue;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds each decision of a session to its {@link SessionReconciliation} (the session's partition's store), and
 * removes a session's reconciliation once its latest decision is older than the session retention (this store lives
 * in its own sub-topology, out of reach of the session stores' retention step).
 */
public final class SessionReconciliationRecorder implements Processor<String, FillDecision, Void, Void> {
    private final String storeName;
    private final long retentionMillis;
    private final StaleEntrySweep<SessionReconciliation> expired;
    private long startedMillis;
    private KeyValueStore<String, SessionReconciliation> store;

    /** {@code retention}: the session retention, counted from a session's latest decision on the wall clock. */
    public SessionReconciliationRecorder(final String storeName, final Duration retention) {
        this.storeName = storeName;
        this.retentionMillis = retention.toMillis();
        this.expired = new StaleEntrySweep<>(ReconciliationProcessor.SWEEP_BATCH,
                (value, now) -> decidedAt(value) + retentionMillis <= now);
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        startedMillis = context.currentSystemTimeMs();
        context.schedule(ReconciliationProcessor.SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME,
                now -> expired.sweep(store, now));
    }

    /** A value stored before decision times were kept counts as decided when this processor started. */
    private long decidedAt(final SessionReconciliation value) {
        return value.lastDecidedMillis() == SessionReconciliation.UNKNOWN_TIME ? startedMillis
                : value.lastDecidedMillis();
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
