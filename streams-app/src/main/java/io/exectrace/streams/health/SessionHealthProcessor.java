package io.exectrace.streams.health;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Stage;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.metrics.PipelineMetrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts each session's records into the health windows, keeps the session's clock, and emits the alerts that
 * follow from them: error rate, parse-error rate and p95 latency when a 5-minute window closes in the session's
 * event time, feed gaps between consecutive events, and (from a wall-clock punctuator) "no events" for a live
 * session that fell silent. It is also where the {@link PipelineMetrics} count events, risk blocks and feed gaps:
 * after the timeline dropped redeliveries, so each event counts once.
 *
 * <p>Parse errors count in the window of the session's latest event time, never at their record timestamp (an
 * invalid record has no event time); those that arrive before the session's first valid event wait in the
 * session's watch and join that event's window.
 */
public final class SessionHealthProcessor implements Processor<String, SessionInput, String, Alert> {

    /** How often (wall clock) silent sessions are looked for. */
    static final Duration SILENCE_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final HealthStoreNames stores;
    private final AlertRules rules;
    private final long idleMs;
    private final long watchRetentionMs;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, SessionWatch> watches;
    private HealthWindows windows;

    public SessionHealthProcessor(final String oneMinuteStoreName, final String fiveMinuteStoreName,
                           final String watchStoreName, final long alertMinEvents, final Duration idleTimeout,
                           final Duration retention, final PipelineMetrics metrics) {
        this.metrics = metrics;
        this.stores = new HealthStoreNames(oneMinuteStoreName, fiveMinuteStoreName, watchStoreName);
        this.rules = new AlertRules(alertMinEvents);
        this.idleMs = idleTimeout.toMillis();
        // Feed gaps need the previous event of a session for more than an hour.
        this.watchRetentionMs = Math.max(retention.toMillis(), Duration.ofHours(2).toMillis());
    }

    @Override
    public void init(final ProcessorContext<String, Alert> context) {
        this.context = context;
        this.watches = stores.watchStore(context);
        this.windows = stores.windows(context);
        context.schedule(SILENCE_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::checkSilentSessions);
    }

    @Override
    public void process(final Record<String, SessionInput> record) {
        final String session = record.key();
        final long wallClockNow = context.currentSystemTimeMs();
        final SessionWatch stored = watches.get(session);
        final SessionWatch watch = stored == null ? SessionWatch.first(wallClockNow) : stored;
        if (record.value().isValid()) {
            onEvent(session, record.value().event(), watch, wallClockNow);
        } else {
            onParseError(session, watch, wallClockNow);
        }
    }

    private void onEvent(final String session, final ExecutionEvent event, final SessionWatch watch,
                         final long wallClockNow) {
        final String mode = event.mode() != null ? event.mode()
                : watch.mode() != null ? watch.mode() : HealthKey.UNKNOWN_MODE;
        final long tsMillis = event.tsMillis();
        metrics.event(session, mode, event, wallClockNow);
        if (watch.lastTsMicros() != SessionWatch.NO_TIME) {
            final Alert gap = AlertRules.feedGap(session, mode, watch.lastTsMicros(), event.tsMicros());
            if (gap != null) {
                metrics.feedGap(mode, event.exchange());
                emit(gap);
            }
        }
        final String key = HealthKey.of(mode, session);
        windows.add(key, tsMillis, countsOf(event, watch.pendingParseErrors()), watch.clockMillis());
        final long newClock = watch.hasClock() ? Math.max(watch.clockMillis(), tsMillis) : tsMillis;
        if (!watch.hasClock() || newClock > watch.clockMillis()) {
            for (final HealthWindows.ClosedWindow closed : windows.close(key, watch.clockMillis(), newClock)) {
                rules.evaluate(session, mode, closed).forEach(this::emit);
            }
        }
        final boolean live = Math.abs(wallClockNow - tsMillis) <= idleMs;
        watches.put(session, new SessionWatch(mode, event.tsMicros(), newClock, wallClockNow, live, false, 0));
    }

    private void onParseError(final String session, final SessionWatch watch, final long wallClockNow) {
        long pending = watch.pendingParseErrors();
        if (watch.hasClock()) {
            windows.add(HealthKey.of(watch.mode(), session), watch.clockMillis(), HealthCounts.ofParseError(),
                    watch.clockMillis());
        } else {
            pending++;
        }
        watches.put(session, new SessionWatch(watch.mode(), watch.lastTsMicros(), watch.clockMillis(), wallClockNow,
                watch.live(), false, pending));
    }

    private static HealthCounts countsOf(final ExecutionEvent event, final long pendingParseErrors) {
        return new HealthCounts(1, event.stage() == Stage.ERROR ? 1 : 0, pendingParseErrors,
                event.stage() == Stage.RISK_BLOCK ? 1 : 0, 0, 0, 0, 0, null);
    }

    /** Fires "no events" once per silence of a live session, and forgets sessions far behind the task's newest. */
    private void checkSilentSessions(final long wallClockNow) {
        final List<KeyValue<String, SessionWatch>> silent = new ArrayList<>();
        final List<KeyValue<String, Long>> clocks = new ArrayList<>();
        long newestClock = SessionWatch.NO_TIME;
        try (KeyValueIterator<String, SessionWatch> all = watches.all()) {
            while (all.hasNext()) {
                final KeyValue<String, SessionWatch> entry = all.next();
                final SessionWatch watch = entry.value;
                if (watch.live() && !watch.noEventsAlerted()
                        && wallClockNow - watch.wallClockLastArrivalMs() >= idleMs) {
                    silent.add(entry);
                }
                clocks.add(KeyValue.pair(entry.key, watch.clockMillis()));
                newestClock = Math.max(newestClock, watch.clockMillis());
            }
        }
        for (final KeyValue<String, SessionWatch> entry : silent) {
            final SessionWatch w = entry.value;
            emit(AlertRules.noEvents(entry.key, w, wallClockNow, idleMs));
            watches.put(entry.key, new SessionWatch(w.mode(), w.lastTsMicros(), w.clockMillis(),
                    w.wallClockLastArrivalMs(), w.live(), true, w.pendingParseErrors()));
        }
        if (newestClock != SessionWatch.NO_TIME) {
            for (final KeyValue<String, Long> clock : clocks) {
                if (clock.value != SessionWatch.NO_TIME && clock.value < newestClock - watchRetentionMs) {
                    watches.delete(clock.key);
                }
            }
        }
    }

    private void emit(final Alert alert) {
        if (alert != null) {
            context.forward(new Record<>(alert.sessionId(), alert, Math.max(alert.eventTimeMillis(), 0L)));
        }
    }
}
