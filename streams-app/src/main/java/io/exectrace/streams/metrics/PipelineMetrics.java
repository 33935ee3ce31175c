package io.exectrace.streams.metrics;

import io.exectrace.streams.retention.RetentionListener;
import io.exectrace.events.ChainOutcome;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ParseErrorReason;
import io.exectrace.events.Stage;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.LatencyEdge;
import io.exectrace.streams.correlation.OpenOrdersListener;
import io.exectrace.streams.reorder.ReorderListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.exectrace.streams.reconciliation.ReconciliationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The metrics of the metrics contract ({@code docs/architecture.md}, "Metrics"), recorded by the topology's
 * processors where each event is handled: events by mode, stage and exchange, parse errors by reason, closed chains
 * by outcome, latency per edge, risk blocks by reason, feed gaps and sessions per run state. Free-text labels are
 * bounded ({@link BoundedLabel}); no label carries a session, order or intent id.
 *
 * <p>The counters belong to this process: they start at zero when it starts and, under exactly-once, records that
 * Kafka Streams re-processes after a crash are counted again (the stores are exact, these counters are not).
 * Prometheus' {@code rate()} absorbs the restart; a re-processed burst shows as a short bump.
 */
public final class PipelineMetrics implements OpenOrdersListener, ReorderListener, RetentionListener {

    /** Latency buckets (seconds' SLO boundaries): 1 ms to 60 s, about three per decade. */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60)};
    /** Disorder buckets (seconds): in order, within a producer's batching, within the reorder window, far out. */
    static final double[] DISORDER_BUCKETS = {0.001, 0.01, 0.1, 0.5, 1, 5, 30, 300, 3600};
    static final String NONE = "none";
    static final String UNKNOWN = "unknown";

    private static final Stage[] STAGES = Stage.values();
    private static final LatencyEdge[] EDGES = LatencyEdge.values();
    private static final ChainOutcome[] OUTCOMES = ChainOutcome.values();

    private final MeterRegistry registry;
    private final String prefix;
    private final BoundedLabel modes;
    private final BoundedLabel exchanges;
    private final BoundedLabel reasons;
    private final RunStates runStates;
    private final Set<String> runStateModes = ConcurrentHashMap.newKeySet();
    /** mode → exchange → counter per stage ordinal. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Counter[]>> events = new ConcurrentHashMap<>();
    /** mode → exchange → timer per edge ordinal. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Timer[]>> latencies = new ConcurrentHashMap<>();
    /** mode → counter per outcome ordinal. */
    private final ConcurrentHashMap<String, Counter[]> chains = new ConcurrentHashMap<>();
    /** mode → reason → counter. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Counter>> riskBlocks = new ConcurrentHashMap<>();
    /** mode → feed → counter. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Counter>> feedGaps = new ConcurrentHashMap<>();
    private final Counter[] parseErrors;
    /** Per mode, per exchange: one counter per reconciliation result. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Counter[]>> reconciliations =
            new ConcurrentHashMap<>();
    /** Per mode, per exchange: the reconciliation lag. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, DistributionSummary>> reconciliationLags =
            new ConcurrentHashMap<>();
    /** Per stream task, its open orders by (mode, exchange, age bucket) label values, as it last reported them. */
    private final ConcurrentHashMap<String, Map<Bucket, Integer>> openOrdersByTask = new ConcurrentHashMap<>();
    /** Label values whose open-orders gauge is registered (it then stays, at 0 when none are open). */
    private final Set<Bucket> openOrderGauges = ConcurrentHashMap.newKeySet();

    private final DistributionSummary arrivalDisorder;
    private final DistributionSummary eventDisorder;
    private final Counter lateRecords;
    private final Counter sessionsRemoved;
    private final Counter sessionsRestarted;
    /** Per stream task, how many records wait in its reorder buffer. */
    private final ConcurrentHashMap<String, IntSupplier> reorderWaiting = new ConcurrentHashMap<>();

    PipelineMetrics(final MeterRegistry registry, final String prefix, final int labelLimit,
                    final Duration idleTimeout, final Duration retention, final LongSupplier wallClock) {
        this.registry = registry;
        this.prefix = prefix;
        this.modes = new BoundedLabel(labelLimit, UNKNOWN);
        this.exchanges = new BoundedLabel(labelLimit, NONE);
        this.reasons = new BoundedLabel(labelLimit, NONE);
        this.runStates = new RunStates(idleTimeout.toMillis(), retention.toMillis(), wallClock);
        final ParseErrorReason[] parseReasons = ParseErrorReason.values();
        this.parseErrors = new Counter[parseReasons.length];
        for (final ParseErrorReason reason : parseReasons) {
            parseErrors[reason.ordinal()] = Counter.builder(prefix + ".parse.errors")
                    .description("Input records that could not be read (sent to the dead-letter topic), by reason")
                    .tag("reason", reason.label()).register(registry);
        }
        arrivalDisorder = disorder("arrival", "behind the newest record its stream task had seen (Kafka timestamps)");
        eventDisorder = disorder("event", "behind the newest event time its session had shown");
        lateRecords = Counter.builder(prefix + ".input.late")
                .description("Records not keyed by session that reached the reorder stage after it had released "
                        + "past their arrival time (later than reorder.window): processed as they came, not in order")
                .register(registry);
        sessionsRemoved = Counter.builder(prefix + ".sessions.removed")
                .description("Sessions removed from every store by session.retention")
                .register(registry);
        sessionsRestarted = Counter.builder(prefix + ".sessions.restarted")
                .description("Events for a session that session.retention had removed: the session starts afresh")
                .register(registry);
        Gauge.builder(prefix + ".reorder.waiting.records", reorderWaiting, PipelineMetrics::waitingRecords)
                .description("Records not keyed by session waiting for every input partition's progress")
                .register(registry);
    }

    @Override
    public void sessionsRemoved(final int count) {
        sessionsRemoved.increment(count);
    }

    @Override
    public void sessionRestarted() {
        sessionsRestarted.increment();
    }

    private DistributionSummary disorder(final String clock, final String what) {
        return DistributionSummary.builder(prefix + ".input.disorder").baseUnit("seconds")
                .description("How far out of order input records reach the reorder stage, in seconds " + what)
                .serviceLevelObjectives(DISORDER_BUCKETS).tag("clock", clock).register(registry);
    }

    private static double waitingRecords(final Map<String, IntSupplier> byTask) {
        long sum = 0;
        for (final IntSupplier records : byTask.values()) {
            sum += records.getAsInt();
        }
        return sum;
    }

    @Override
    public void arrived(final long arrivalBehindMillis, final long eventBehindMicros) {
        arrivalDisorder.record(arrivalBehindMillis / 1_000.0);
        eventDisorder.record(eventBehindMicros / 1_000_000.0);
    }

    @Override
    public void late() {
        lateRecords.increment();
    }

    @Override
    public void waiting(final String task, final IntSupplier records) {
        reorderWaiting.put(task, records);
    }

    @Override
    public void stopWaiting(final String task) {
        reorderWaiting.remove(task);
    }

    /** Metrics named with {@code metrics.prefix}, labels bounded by {@code metrics.label.limit}, into {@code registry}. */
    public static PipelineMetrics create(final MeterRegistry registry, final ExectraceConfig config) {
        return new PipelineMetrics(registry, config.metricsPrefix(), config.metricsLabelLimit(), config.idleTimeout(),
                config.healthRetention(), System::currentTimeMillis);
    }

    /** Metrics in a registry of their own (tests, and topologies built without a Prometheus endpoint). */
    public static PipelineMetrics standalone(final ExectraceConfig config) {
        return create(new SimpleMeterRegistry(), config);
    }

    /** The registry the meters are in. */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * One valid event of {@code session}, counted once (after redelivery is dropped), arriving at
     * {@code wallClockMillis}; {@code sessionMode} is the event's mode or, when it has none, its session's.
     */
    public void event(final String session, final String sessionMode, final ExecutionEvent event,
                      final long wallClockMillis) {
        final String mode = modes.of(sessionMode);
        final String exchange = exchanges.of(event.exchange());
        labelled(events, mode, exchange, x -> eventCounters(mode, x))[event.stage().ordinal()].increment();
        if (event.stage() == Stage.RISK_BLOCK) {
            riskBlock(mode, reasons.of(event.reason())).increment();
        }
        if (!runStateModes.contains(mode)) {
            registerRunState(mode);
        }
        runStates.touch(session, mode, wallClockMillis);
    }

    /**
     * One reconciliation decision for an order of a session of {@code rawMode} (null for a venue fill that matches
     * no order of ours) at {@code exchange}, and its lag (first side's arrival to decision).
     */
    public void reconciled(final String rawMode, final String exchange, final ReconciliationResult result,
                           final long lagMillis) {
        final String mode = modes.of(rawMode);
        final String venue = exchanges.of(exchange);
        labelled(reconciliations, mode, venue, x -> reconciliationCounters(mode, x))[result.ordinal()].increment();
        labelled(reconciliationLags, mode, venue, x -> DistributionSummary.builder(prefix + ".reconciliation.lag")
                .description("Reconciliation lag: from the arrival of a fill's first side to its decision")
                .baseUnit("seconds").tag("mode", mode).tag("exchange", x).register(registry))
                .record(lagMillis / 1_000.0);
    }

    private Counter[] reconciliationCounters(final String mode, final String exchange) {
        final ReconciliationResult[] results = ReconciliationResult.values();
        final Counter[] counters = new Counter[results.length];
        for (final ReconciliationResult result : results) {
            counters[result.ordinal()] = Counter.builder(prefix + ".reconciliation")
                    .description("Reconciliation decisions, one per fill (ours, the venue's or a pair), by result")
                    .tag("mode", mode).tag("exchange", exchange).tag("result", result.label()).register(registry);
        }
        return counters;
    }

    /** One invalid input record (it went to the dead-letter topic). */
    public void parseError(final ParseErrorReason reason) {
        parseErrors[reason.ordinal()].increment();
    }

    /** A gap over the feed-gap threshold between two consecutive events of a session of {@code feed}. */
    public void feedGap(final String rawMode, final String feed) {
        final String mode = modes.of(rawMode);
        final String feedLabel = exchanges.of(feed);
        labelled(feedGaps, mode, feedLabel, f -> Counter.builder(prefix + ".feed.gaps")
                .description("Gaps of more than the feed-gap threshold between consecutive events of a session")
                .tag("mode", mode).tag("feed", f).register(registry)).increment();
    }

    /** A closed chain of a session of {@code sessionMode}: its outcome and each latency edge it has. */
    public void chainClosed(final String sessionMode, final ClosedChain chain) {
        final String mode = modes.of(sessionMode);
        Counter[] outcomes = chains.get(mode);
        if (outcomes == null) {
            outcomes = chains.computeIfAbsent(mode, this::chainCounters);
        }
        outcomes[chain.outcome().ordinal()].increment();
        Timer[] timers = null;
        for (final LatencyEdge edge : EDGES) {
            final double ms = chain.latency(edge);
            if (!Double.isNaN(ms)) {
                if (timers == null) {
                    timers = labelled(latencies, mode, exchanges.of(chain.exchange()), x -> latencyTimers(mode, x));
                }
                timers[edge.ordinal()].record(Math.round(ms * 1_000.0), TimeUnit.MICROSECONDS);
            }
        }
    }

    /** A task's open orders now (mode and exchange labels bounded like the other metrics'). */
    @Override
    public void openOrders(final String task, final Map<Bucket, Integer> counts) {
        final Map<Bucket, Integer> labelled = new HashMap<>();
        for (final Map.Entry<Bucket, Integer> e : counts.entrySet()) {
            final Bucket raw = e.getKey();
            final Bucket bucket = new Bucket(modes.of(raw.mode()), exchanges.of(raw.exchange()), raw.age());
            labelled.merge(bucket, e.getValue(), Integer::sum);
            if (openOrderGauges.add(bucket)) {
                registerOpenOrderGauges(bucket.mode(), bucket.exchange());
            }
        }
        openOrdersByTask.put(task, Map.copyOf(labelled));
    }

    @Override
    public void taskClosed(final String task) {
        openOrdersByTask.remove(task);
    }

    /** Registers the gauges of every age bucket of (mode, exchange), so a bucket reads 0 rather than missing. */
    private void registerOpenOrderGauges(final String mode, final String exchange) {
        for (final String age : new String[] {FRESH, WAITING, STUCK}) {
            final Bucket bucket = new Bucket(mode, exchange, age);
            openOrderGauges.add(bucket);
            Gauge.builder(prefix + ".open.orders", openOrdersByTask, byTask -> openOrders(byTask, bucket))
                    .description("Open orders (no fill, cancel or reject yet) by age: fresh (< half the stuck-order "
                            + "time), waiting, stuck (>= the stuck-order time)")
                    .tag("mode", mode).tag("exchange", exchange).tag("age_bucket", age).register(registry);
        }
    }

    private static double openOrders(final Map<String, Map<Bucket, Integer>> byTask, final Bucket bucket) {
        long sum = 0;
        for (final Map<Bucket, Integer> counts : byTask.values()) {
            sum += counts.getOrDefault(bucket, 0);
        }
        return sum;
    }

    private Counter riskBlock(final String mode, final String reason) {
        return labelled(riskBlocks, mode, reason, r -> Counter.builder(prefix + ".risk.blocks")
                .description("Risk blocks, by normalized reason (top N, then other)")
                .tag("mode", mode).tag("reason", r).register(registry));
    }

    /**
     * The meter(s) for (mode, second label), created by {@code create} the first time. Plain gets first: an existing
     * meter costs two lock-free lookups, not {@code computeIfAbsent}'s bin locking.
     */
    private static <M> M labelled(final ConcurrentHashMap<String, ConcurrentHashMap<String, M>> byMode,
                                  final String mode, final String second, final Function<String, M> create) {
        ConcurrentHashMap<String, M> bySecond = byMode.get(mode);
        if (bySecond == null) {
            bySecond = byMode.computeIfAbsent(mode, m -> new ConcurrentHashMap<>());
        }
        final M meters = bySecond.get(second);
        return meters != null ? meters : bySecond.computeIfAbsent(second, create);
    }

    private Counter[] eventCounters(final String mode, final String exchange) {
        final Counter[] counters = new Counter[STAGES.length];
        for (final Stage stage : STAGES) {
            counters[stage.ordinal()] = Counter.builder(prefix + ".pipeline.events")
                    .description("Execution events processed (redeliveries once), by mode, stage and exchange")
                    .tag("mode", mode).tag("stage", stage.label()).tag("exchange", exchange).register(registry);
        }
        return counters;
    }

    private Timer[] latencyTimers(final String mode, final String exchange) {
        final Timer[] timers = new Timer[EDGES.length];
        for (final LatencyEdge edge : EDGES) {
            timers[edge.ordinal()] = Timer.builder(prefix + ".pipeline.latency")
                    .description("Latency between chain steps in event time, per edge")
                    .tag("mode", mode).tag("edge", edge.label()).tag("exchange", exchange)
                    .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        }
        return timers;
    }

    private Counter[] chainCounters(final String mode) {
        final Counter[] counters = new Counter[OUTCOMES.length];
        for (final ChainOutcome outcome : OUTCOMES) {
            counters[outcome.ordinal()] = Counter.builder(prefix + ".chains")
                    .description("Closed chains, by outcome")
                    .tag("mode", mode).tag("outcome", outcome.label()).register(registry);
        }
        return counters;
    }

    private void registerRunState(final String mode) {
        if (runStateModes.add(mode)) {
            for (final String state : new String[] {RunStates.ACTIVE, RunStates.IDLE, RunStates.CLOSED}) {
                Gauge.builder(prefix + ".run_state", runStates, states -> states.count(mode, state))
                        .description("Sessions per run state (active: an event in the last 5 minutes)")
                        .tag("mode", mode).tag("state", state).register(registry);
            }
        }
    }
}
