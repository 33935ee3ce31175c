package io.exectrace.streams.health;

import io.exectrace.events.ChainOutcome;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.LatencyEdge;
import io.exectrace.streams.metrics.PipelineMetrics;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts each closed chain into its session's health window (at the chain's close time): chains, missing fills
 * and the {@code intent_to_fill} figures the p95 latency alert needs; and raises the missing-fill alert for the
 * first chain of a session that closes as {@code missing_fill} in a minute (more in the same minute add to the
 * window's count, not to the alerts). Also records the chain's outcome and latencies in the {@link PipelineMetrics}.
 */
public final class ChainHealthProcessor implements Processor<String, ClosedChain, String, Alert> {

    private final HealthStoreNames stores;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, SessionWatch> watches;
    private HealthWindows windows;

    public ChainHealthProcessor(final String oneMinuteStoreName, final String fiveMinuteStoreName,
                         final String watchStoreName, final PipelineMetrics metrics) {
        this.stores = new HealthStoreNames(oneMinuteStoreName, fiveMinuteStoreName, watchStoreName);
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, Alert> context) {
        this.context = context;
        this.watches = stores.watchStore(context);
        this.windows = stores.windows(context);
    }

    @Override
    public void process(final Record<String, ClosedChain> record) {
        final ClosedChain chain = record.value();
        final String session = record.key();
        final SessionWatch watch = watches.get(session);
        final String mode = watch != null && watch.mode() != null ? watch.mode()
                : chain.mode() != null ? chain.mode() : HealthKey.UNKNOWN_MODE;
        metrics.chainClosed(mode, chain);
        final long closeMillis = chain.closeTsMillis();
        final boolean missingFill = chain.outcome() == ChainOutcome.MISSING_FILL;
        final HealthCounts updated = windows.add(HealthKey.of(mode, session), closeMillis, countsOf(chain),
                watch == null ? SessionWatch.NO_TIME : watch.clockMillis());
        if (missingFill && updated.missingFills() == 1) {
            final Alert alert = AlertRules.missingFill(session, mode, closeMillis, describe(chain));
            context.forward(new Record<>(session, alert, alert.eventTimeMillis()));
        }
    }

    private static HealthCounts countsOf(final ClosedChain chain) {
        final double intentToFillMs = chain.latency(LatencyEdge.INTENT_TO_FILL);
        final boolean sampled = !Double.isNaN(intentToFillMs);
        final long micros = sampled ? Math.round(intentToFillMs * 1_000.0) : 0L;
        return new HealthCounts(0, 0, 0, 0, 1, chain.outcome() == ChainOutcome.MISSING_FILL ? 1 : 0,
                sampled ? 1 : 0, sampled && micros > HealthCounts.SLOW_INTENT_TO_FILL_MICROS ? 1 : 0,
                sampled ? new long[] {micros} : null);
    }

    private static String describe(final ClosedChain chain) {
        return "order " + chain.orderId() + " (intent " + chain.intentId() + ", " + chain.symbol() + ")";
    }
}
