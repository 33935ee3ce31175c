package io.exectrace.streams.venue;

import io.exectrace.streams.ingest.InputBacklog;
import io.exectrace.streams.ingest.ProcessedOffsets;
import io.exectrace.streams.reconciliation.ReconciliationResult;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adds each decision of a session to its {@link SessionReconciliation} (the session's partition's store), and
 * passes on the decisions that may alert: a difference (not {@code matched}) that is the session's first in its
 * minute of fill time ({@link FillDecision#tsMicros()}), so a burst of differences makes one alert. Once a session
 * keeps {@link SessionReconciliation#MAX_DIFFERENCES} differences it passes on none: it has alerted already, and
 * the differences it drops are no longer there to compare with.
 *
 * <p>A session's reconciliation is removed once its latest decision is older than the session retention, on the wall
 * clock, by a sweep of its own rather than with the session: a decision can come after the session's last event (a
 * window later, or a venue fill backfilled days later) and must not outlive it forever.
 */
public final class SessionReconciliationRecorder implements Processor<String, FillDecision, String, FillDecision> {
    private static final long MINUTE_MS = 60_000L;
    private final String storeName;
    private final InputBacklog backlog;
    private final long retentionMillis;
    private final StaleEntrySweep<SessionReconciliation> expired;
    private long startedMillis;
    private ProcessorContext<String, FillDecision> context;
    private KeyValueStore<String, SessionReconciliation> store;
    private ProcessedOffsets processed;

    /**
     * @param retention the session retention, counted from a session's latest decision on the wall clock
     * @param backlog   where the task notes the decisions it has processed: they share the session task with the
     *                  input, whose idle clock asks whether fetched records wait ({@link InputBacklog#buffered})
     */
    public SessionReconciliationRecorder(final String storeName, final Duration retention,
                                         final InputBacklog backlog) {
        this.storeName = storeName;
        this.backlog = backlog;
        this.retentionMillis = retention.toMillis();
        this.expired = new StaleEntrySweep<>(ReconciliationProcessor.SWEEP_BATCH,
                (value, now) -> decidedAt(value) + retentionMillis <= now);
    }

    @Override
    public void init(final ProcessorContext<String, FillDecision> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.processed = backlog.offsets(context.taskId());
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
        final Optional<RecordMetadata> source = context.recordMetadata();
        if (source.isPresent()) {
            processed.note(source.get().topic(), source.get().offset());
        }
        if (record.key() == null || record.value() == null) {
            return;
        }
        final SessionReconciliation current = store.get(record.key());
        final SessionReconciliation before = current == null ? SessionReconciliation.empty() : current;
        store.put(record.key(), before.with(record.value()));
        if (firstDifferenceOfItsMinute(before, record.value())) {
            context.forward(record);
        }
    }

    private static boolean firstDifferenceOfItsMinute(final SessionReconciliation before, final FillDecision d) {
        if (d.result() == ReconciliationResult.MATCHED
                || before.differences().size() >= SessionReconciliation.MAX_DIFFERENCES) {
            return false;
        }
        final long minute = minuteOf(d);
        return before.differences().stream().noneMatch(earlier -> minuteOf(earlier) == minute);
    }

    private static long minuteOf(final FillDecision d) {
        return Math.floorDiv(Math.floorDiv(d.tsMicros(), 1_000L), MINUTE_MS);
    }
}
