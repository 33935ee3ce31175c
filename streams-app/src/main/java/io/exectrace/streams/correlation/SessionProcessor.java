package io.exectrace.streams.correlation;

import io.exectrace.streams.ingest.InputBacklog;
import io.exectrace.streams.ingest.ProcessedOffsets;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.retention.RetentionPlan;
import io.exectrace.streams.retention.SessionRemoval;
import io.exectrace.streams.retention.SessionRetention;
import io.exectrace.streams.sessions.SessionsIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-session correlation in a Kafka Streams topology: consumes {@link SessionInput} keyed by session id
 * (records of one session must arrive on one partition, in order; a valid event is attributed to its own session
 * id, an invalid record to its key), keeps the state in the stores of
 * {@link CorrelationStores}, and forwards every closed chain keyed by session id with the record timestamp set to
 * the chain's close time (event time, ms), and every order that became stuck ({@link StuckOrder}).
 *
 * <p>Event-time deadlines are checked when a session's own clock advances (on its own records), never on stream
 * time. A wall-clock punctuator every {@link CorrelationSettings#idleCheckInterval()} closes sessions that have
 * received nothing for {@link CorrelationSettings#idleTimeout()}, measured on the task's {@link ArrivalClock} (when
 * records arrived on the input topic, not when they were processed), so a backlog worked off after a restart or an
 * outage closes the same sessions as an undisturbed run. Same input at the same arrival times gives the same stores
 * and output; the only clock value stored is {@link SessionSummary#lastSeenWallMillis()} (the arrival clock).
 *
 * <p>Ended chains also settle on that arrival clock: every {@link #IN_FLIGHT_INTERVAL} of wall time the processor
 * closes the ended chains whose settle time has passed on it, so a session that falls quiet right after its last
 * fill shows that chain closed about a settle time later, reports orders open longer than the stuck-order time,
 * and publishes the task's open orders to the {@link OpenOrdersListener}.
 *
 * <p>From its start until it has read every record that had reached its input by then, the task tells its
 * {@link InputBacklog} it is catching up: its stores may lack what an earlier owner had already processed (and
 * answered) but not committed, so the API answers "retry" rather than "unknown session" meanwhile.
 *
 * <p>State is written to the stores once per commit, not per record ({@link StoreBackedSessionStates}): before
 * each commit through the stores' pre-commit hook, and every {@link #PENDING_WRITE_INTERVAL} of wall time so
 * interactive queries stay fresh when commits are far apart (at-least-once commits every 30 s by default). While
 * the task works off a backlog (records it has fetched wait, and the newest it has processed arrived
 * {@link #BEHIND_BY} ago or more), that interval stretches to {@link #BUSY_PENDING_WRITE_INTERVAL}: answers cannot
 * be fresh then anyway, and a session changed by many records is written once.
 *
 * <p>With a {@link RetentionPlan}, every {@link SessionRetention.Settings#interval()} of wall time a bounded step of
 * {@link SessionRetention} removes the sessions whose event and arrival times are both older than the retention,
 * judged on the same arrival clock as idleness; the step runs between records like the other punctuations.
 */
public final class SessionProcessor implements Processor<String, SessionInput, String, CorrelationOutput> {
    /** Session id used when a record has neither a key nor a readable session. */
    public static final String UNKNOWN_SESSION = "unknown";

    /** Longest time a processed record's effect stays out of the stores (and hence out of interactive queries). */
    public static final Duration PENDING_WRITE_INTERVAL = Duration.ofMillis(100);

    /**
     * Longest time a processed record's effect stays out of the stores while the task is busy with input it has
     * already fetched: then nobody can see fresher answers yet, and each changed session is written once per
     * this interval (or commit) instead of once per {@link #PENDING_WRITE_INTERVAL}.
     */
    public static final Duration BUSY_PENDING_WRITE_INTERVAL = Duration.ofSeconds(1);

    /**
     * How long ago the newest record a task has processed must have arrived for the task to count as behind its
     * input, and so to pace its pending writes at {@link #BUSY_PENDING_WRITE_INTERVAL}. Fetched records waiting in
     * the buffer alone do not make a task behind: under a steady live load some nearly always wait between two
     * polls, and pacing then held every answer back by up to a second (bench freshness, p90 above 250 ms).
     */
    static final Duration BEHIND_BY = Duration.ofSeconds(1);

    /** How often ended chains are settled and stuck orders looked for on the arrival clock (wall time). */
    public static final Duration IN_FLIGHT_INTERVAL = Duration.ofMillis(100);

    /**
     * How long a task must have processed nothing before wall time advances its arrival clock between records:
     * until then records may still wait in its buffer (the consumer's lag counts fetched records as consumed).
     */
    static final Duration QUIET_BEFORE_WALL_TIME = Duration.ofSeconds(1);

    /** The open-orders gauge is refreshed every this many in-flight checks (about once a second). */
    private static final int GAUGE_EVERY = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SessionProcessor.class);

    private final CorrelationSettings settings;
    private final CorrelationStores stores;
    private final InputBacklog backlog;
    private final OpenOrdersListener openOrders;
    private final RetentionPlan retentionPlan;
    private ProcessorContext<String, CorrelationOutput> context;
    private StoreBackedSessionStates states;
    private SessionAnalyzer analyzer;
    private Cancellable idleCheck;
    private Cancellable pendingWrites;
    private Cancellable inFlightCheck;
    private Cancellable retentionSweep;
    private SessionRetention retention;
    private int checksSinceGauge;
    private long lastPendingWriteMillis;
    private List<PreCommitKeyValueStore<?, ?>> preCommitHooks = List.of();
    private ArrivalClock clock;
    private ProcessedOffsets processed;
    private long startedAtWallMillis;
    private boolean catchingUp;
    /** Since when the idle check has found input pending with no record processed ({@link Long#MIN_VALUE}: not). */
    private long heldSinceWallMillis = Long.MIN_VALUE;
    private long lastHeldReportMillis;

    public SessionProcessor(final CorrelationSettings settings, final CorrelationStores stores) {
        this(settings, stores, InputBacklog.UNKNOWN, OpenOrdersListener.NONE);
    }

    /**
     * A processor whose arrival clock asks {@code backlog} whether its task is caught up with its input, and which
     * reports its open orders to {@code openOrders}.
     */
    public SessionProcessor(final CorrelationSettings settings, final CorrelationStores stores,
                            final InputBacklog backlog, final OpenOrdersListener openOrders) {
        this(settings, stores, backlog, openOrders, RetentionPlan.NONE);
    }

    /** {@link #SessionProcessor(CorrelationSettings, CorrelationStores, InputBacklog, OpenOrdersListener)} with retention. */
    public SessionProcessor(final CorrelationSettings settings, final CorrelationStores stores,
                            final InputBacklog backlog, final OpenOrdersListener openOrders,
                            final RetentionPlan retentionPlan) {
        this.retentionPlan = Objects.requireNonNull(retentionPlan, "retentionPlan");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.openOrders = Objects.requireNonNull(openOrders, "openOrders");
    }

    /**
     * A supplier that also declares the processor's stores, so {@code Topology.addProcessor(name, supplier,
     * parent)} or {@code KStream.process(supplier)} connects them; do not add {@link
     * CorrelationStores#storeBuilders()} to the topology a second time.
     */
    public static ProcessorSupplier<String, SessionInput, String, CorrelationOutput> supplier(
            final CorrelationSettings settings, final CorrelationStores stores) {
        return supplier(settings, stores, InputBacklog.UNKNOWN, OpenOrdersListener.NONE);
    }

    /**
     * {@link #supplier(CorrelationSettings, CorrelationStores)} with the tasks' input backlog for the arrival clock
     * and a listener for the open orders.
     */
    public static ProcessorSupplier<String, SessionInput, String, CorrelationOutput> supplier(
            final CorrelationSettings settings, final CorrelationStores stores, final InputBacklog backlog,
            final OpenOrdersListener openOrders) {
        return supplier(settings, stores, backlog, openOrders, RetentionPlan.NONE);
    }

    /**
     * {@link #supplier(CorrelationSettings, CorrelationStores, InputBacklog, OpenOrdersListener)} with session
     * retention; the stores its removals use must be connected to the processor by name.
     */
    public static ProcessorSupplier<String, SessionInput, String, CorrelationOutput> supplier(
            final CorrelationSettings settings, final CorrelationStores stores, final InputBacklog backlog,
            final OpenOrdersListener openOrders, final RetentionPlan retention) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, SessionInput, String, CorrelationOutput> get() {
                return new SessionProcessor(settings, stores, backlog, openOrders, retention);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.copyOf(stores.storeBuilders());
            }
        };
    }

    @Override
    public void init(final ProcessorContext<String, CorrelationOutput> context) {
        this.context = context;
        final KeyValueStore<String, SessionSummary> summaries =
                context.getStateStore(stores.summaries());
        final KeyValueStore<Bytes, LatencySketches> latencies =
                context.getStateStore(stores.latencies());
        final KeyValueStore<Bytes, byte[]> correlation =
                context.getStateStore(stores.state());
        final KeyValueStore<Bytes, byte[]> indexStore = context.getStateStore(stores.index());
        final SessionsIndex index = new SessionsIndex(indexStore);
        // A re-initialized task (e.g. after its stores were restored) must not see a stale decoded cache.
        states = new StoreBackedSessionStates(summaries, latencies, correlation, index, retentionPlan.listener(),
                settings.maxCachedSessions(), settings.maxCachedEntries());
        states.completeIndex();
        analyzer = new SessionAnalyzer(settings, states, this::forward, true);
        clock = new ArrivalClock(context.currentSystemTimeMs(), settings.idleTimeout().toMillis());
        lastPendingWriteMillis = context.currentSystemTimeMs();
        processed = backlog.offsets(context.taskId());
        startedAtWallMillis = context.currentSystemTimeMs();
        catchingUp = true;
        backlog.catchingUp(context.taskId(), true);
        idleCheck = context.schedule(settings.idleCheckInterval(), PunctuationType.WALL_CLOCK_TIME,
                this::closeIdleSessions);
        final int inFlight = analyzer.loadInFlight();
        if (inFlight > 0) {
            LOG.info("task {}: {} session(s) with open chains", context.taskId(), inFlight);
        }
        inFlightCheck = context.schedule(IN_FLIGHT_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::checkInFlight);
        preCommitHooks = preCommitHooks(summaries, latencies, correlation, indexStore);
        if (retentionPlan.enabled()) {
            retention = new SessionRetention(index, retentionPlan.settings(), removals(states, context),
                    retentionPlan.listener());
            retentionSweep = context.schedule(retentionPlan.settings().interval(), PunctuationType.WALL_CLOCK_TIME,
                    this::sweepExpiredSessions);
        }
        if (preCommitHooks.isEmpty()) {
            LOG.warn("task {}: the correlation stores have no pre-commit hook; writing state after every record",
                    context.taskId());
            states.writeThrough();
        } else {
            final StoreBackedSessionStates current = states;
            final Runnable beforeCommit = () -> writePending(current, context.currentSystemTimeMs());
            preCommitHooks.forEach(hook -> hook.beforeCommit(beforeCommit));
            pendingWrites = context.schedule(PENDING_WRITE_INTERVAL, PunctuationType.WALL_CLOCK_TIME,
                    now -> writePendingPaced(current, now));
        }
    }

    @Override
    public void process(final Record<String, SessionInput> record) {
        // the records that come through the repartition topic (the input's are noted when attributed)
        final Optional<RecordMetadata> source = context.recordMetadata();
        if (source.isPresent()) {
            processed.note(source.get().topic(), source.get().offset());
        }
        final SessionInput input = record.value();
        if (input == null) {
            LOG.debug("skipping a record without value (key {})", record.key());
            return;
        }
        // A valid event names its own session; the key (the session the router attributed it to) only matters
        // for invalid records. Upstream keys by session, so both agree and the session's state is in this task.
        final String sessionId;
        if (input.isValid()) {
            sessionId = input.event().sessionId();
        } else {
            sessionId = record.key() != null ? record.key() : UNKNOWN_SESSION;
        }
        final long lastSeen = clock.onRecord(input.arrivalMillis(), context.currentSystemTimeMs());
        analyzer.accept(sessionId, input, lastSeen, clock.newestArrival());
    }

    /** Pending writes paced by load: every interval when caught up, every busy interval while behind its input. */
    private void writePendingPaced(final StoreBackedSessionStates current, final long nowWallMillis) {
        if (nowWallMillis - lastPendingWriteMillis < BUSY_PENDING_WRITE_INTERVAL.toMillis()
                && behindInput(nowWallMillis)) {
            return;
        }
        writePending(current, nowWallMillis);
    }

    /** Records wait for the task and the newest it processed arrived {@link #BEHIND_BY} ago or more. */
    private boolean behindInput(final long nowWallMillis) {
        final long newest = clock.newestArrival();
        // the cheap test first: asking for the buffered records walks the task's metadata
        return (newest == OpenChain.ABSENT || nowWallMillis - newest >= BEHIND_BY.toMillis())
                && backlog.buffered(context.taskId());
    }

    private void writePending(final StoreBackedSessionStates current, final long nowWallMillis) {
        current.writePending();
        lastPendingWriteMillis = nowWallMillis;
    }

    /** This processor's own removal (the correlation stores), then the other parts' over this task's stores. */
    private List<SessionRemoval> removals(final StoreBackedSessionStates current,
                                          final ProcessorContext<String, CorrelationOutput> context) {
        final List<SessionRemoval> all = new ArrayList<>();
        all.add(current::remove);
        for (final SessionRemoval.Factory factory : retentionPlan.removals()) {
            all.add(factory.open(context));
        }
        return all;
    }

    /** A bounded retention step on the arrival clock; skipped while the clock cannot judge (as idleness is). */
    private void sweepExpiredSessions(final long nowWallMillis) {
        final long now = clock.idleJudgedAt(nowWallMillis, backlog.pending(context.taskId()));
        if (now == ArrivalClock.NOT_YET) {
            return;
        }
        states.writePending();
        final int removed = retention.sweep(now);
        if (removed > 0) {
            LOG.debug("task {}: retention removed {} session(s)", context.taskId(), removed);
        }
    }

    /** The hooks of all four stores, or none when one of them lacks it (then state is written through). */
    private static List<PreCommitKeyValueStore<?, ?>> preCommitHooks(final StateStore... stores) {
        final List<PreCommitKeyValueStore<?, ?>> hooks = new ArrayList<>();
        for (final StateStore store : stores) {
            final PreCommitKeyValueStore<?, ?> hook = PreCommitKeyValueStore.find(store);
            if (hook == null) {
                return List.of();
            }
            hooks.add(hook);
        }
        return hooks;
    }

    private void closeIdleSessions(final long nowWallMillis) {
        final Boolean pending = backlog.pending(context.taskId());
        final long now = clock.idleJudgedAt(nowWallMillis, pending);
        reportHeldClock(nowWallMillis, Boolean.TRUE.equals(pending));
        if (now == ArrivalClock.NOT_YET) {
            return;
        }
        final int closed = analyzer.closeIdleSessions(now);
        if (closed > 0) {
            LOG.info("task {}: idle timeout closed {} session(s); arrival clock {} ms behind wall time",
                    context.taskId(), closed, nowWallMillis - now);
        }
    }

    /**
     * Says why, once per idle timeout, when input has been reported pending for a whole idle timeout without a
     * record processed: the idle clock is held then, and sessions that went quiet are not closed.
     */
    private void reportHeldClock(final long nowWallMillis, final boolean pending) {
        if (!pending || clock.processedWithin(nowWallMillis, settings.idleTimeout().toMillis())) {
            heldSinceWallMillis = Long.MIN_VALUE;
            return;
        }
        if (heldSinceWallMillis == Long.MIN_VALUE) {
            heldSinceWallMillis = nowWallMillis;
            lastHeldReportMillis = nowWallMillis;
        } else if (nowWallMillis - lastHeldReportMillis >= settings.idleTimeout().toMillis()) {
            lastHeldReportMillis = nowWallMillis;
            LOG.warn("task {}: idle clock held for {} s without a record: input reported pending ({})",
                    context.taskId(), (nowWallMillis - heldSinceWallMillis) / 1000, backlog.explain(context.taskId()));
        }
    }

    /**
     * Settles ended chains and reports stuck orders on the arrival clock. The clock is judged with the task's
     * backlog (a costlier look at the consumer's metrics) only when something is due at its plain reading.
     */
    private void checkInFlight(final long nowWallMillis) {
        if (catchingUp) {
            checkCaughtUp(nowWallMillis);
        }
        final long quiet = QUIET_BEFORE_WALL_TIME.toMillis();
        final long plain = clock.settlePlainReading(nowWallMillis, quiet);
        if (plain != ArrivalClock.NOT_YET && analyzer.anythingDueAt(plain)) {
            final long judged = clock.settleJudgedAt(nowWallMillis, quiet, () -> backlog.pending(context.taskId()));
            if (judged != ArrivalClock.NOT_YET) {
                analyzer.settleAndReport(judged, this::forward);
            }
        }
        if (++checksSinceGauge >= GAUGE_EVERY) {
            checksSinceGauge = 0;
            publishOpenOrders(plain == ArrivalClock.NOT_YET ? nowWallMillis : plain);
        }
    }

    /** Ends catching up once every record that had reached the task's input when it started has been read. */
    private void checkCaughtUp(final long nowWallMillis) {
        if (backlog.inputReadUpToAt(context.taskId(), nowWallMillis) >= startedAtWallMillis) {
            catchingUp = false;
            backlog.catchingUp(context.taskId(), false);
            LOG.info("task {}: caught up with the input that had arrived when it started ({} ms)", context.taskId(),
                    nowWallMillis - startedAtWallMillis);
        }
    }

    private void publishOpenOrders(final long arrivalNow) {
        final long stuckMillis = settings.stuckOrderAfter().toMillis();
        final Map<OpenOrdersListener.Bucket, Integer> counts = new HashMap<>();
        for (final InFlightRegistry.OpenOrder o : analyzer.openOrders()) {
            final long arrivalAge = o.orderArrivalMillis() == OpenChain.ABSENT ? 0 : arrivalNow - o.orderArrivalMillis();
            final long age = Math.max(arrivalAge, o.eventAgeMillis());
            final String bucket = age > stuckMillis ? OpenOrdersListener.STUCK
                    : age * 2 >= stuckMillis ? OpenOrdersListener.WAITING : OpenOrdersListener.FRESH;
            counts.merge(new OpenOrdersListener.Bucket(o.mode(), o.exchange(), bucket), 1, Integer::sum);
        }
        openOrders.openOrders(context.taskId().toString(), counts);
    }

    private void forward(final CorrelationOutput output) {
        context.forward(new Record<>(output.sessionId(), output, output.recordTsMillis()));
    }

    @Override
    public void close() {
        if (idleCheck != null) {
            idleCheck.cancel();
        }
        if (pendingWrites != null) {
            pendingWrites.cancel();
        }
        if (retentionSweep != null) {
            retentionSweep.cancel();
        }
        if (inFlightCheck != null) {
            inFlightCheck.cancel();
            openOrders.taskClosed(context.taskId().toString());
        }
        if (catchingUp) {
            catchingUp = false;
            backlog.catchingUp(context.taskId(), false);
        }
        preCommitHooks.forEach(hook -> hook.beforeCommit(null));
        if (states != null) {
            states.close();
        }
    }
}
