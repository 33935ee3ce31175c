package io.exectrace.streams.app;

import static io.exectrace.streams.app.Registry.*;

import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.config.InvalidConfigException;
import io.exectrace.streams.correlation.ChainRecorder;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.CorrelationOutput;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.ingest.InputBacklog;
import io.exectrace.streams.correlation.SessionProcessor;
import io.exectrace.streams.correlation.StuckOrder;
import io.exectrace.streams.deadletter.DeadLetterProcessor;
import io.exectrace.streams.deadletter.ParseErrorTotals;
import io.exectrace.streams.health.Alert;
import io.exectrace.streams.health.AlertRecorder;
import io.exectrace.streams.health.AlertRules;
import io.exectrace.streams.health.ChainHealthProcessor;
import io.exectrace.streams.health.HealthStores;
import io.exectrace.streams.health.SessionHealthProcessor;
import io.exectrace.streams.ingest.AttributedInput;
import io.exectrace.streams.ingest.EventTimeExtractor;
import io.exectrace.streams.ingest.ParsedRecord;
import io.exectrace.streams.ingest.SessionAttributionProcessor;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.ingest.SessionRekeyPartitioner;
import io.exectrace.streams.metrics.PipelineMetrics;
import io.exectrace.streams.reorder.ReorderProcessor;
import io.exectrace.streams.retention.RetentionPlan;
import io.exectrace.streams.retention.SessionRetention;
import io.exectrace.streams.timeline.TimelineProcessor;
import io.exectrace.streams.timeline.TimelineRemoval;
import io.exectrace.streams.health.HealthRemoval;
import io.exectrace.streams.timeline.TimelineStores;
import io.exectrace.streams.venue.FillDecision;
import io.exectrace.streams.venue.ClientOrderReconciliation;
import io.exectrace.streams.venue.OrderDecisions;
import io.exectrace.streams.venue.OurOrderEvents;
import io.exectrace.streams.venue.ParsedVenueFill;
import io.exectrace.streams.venue.ReconciliationAlerts;
import io.exectrace.streams.venue.ReconciliationInput;
import io.exectrace.streams.venue.ReconciliationProcessor;
import io.exectrace.streams.venue.ReconciliationStores;
import io.exectrace.streams.venue.SessionReconciliationRecorder;
import io.exectrace.streams.venue.VenueFillDeadLetter;
import io.exectrace.streams.venue.VenueFillKeying;
import io.exectrace.streams.venue.VenueFillParsing;
import io.exectrace.streams.venue.VenueLevelRecorder;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The exectrace topology, built top to bottom in the order the data flows:
 * <ol>
 *   <li>read {@code execution-events}; the value deserializer parses once, the timestamp extractor takes the
 *       event time from that parse;</li>
 *   <li>dead-letter the invalid records (raw bytes plus why/where headers) and count them;</li>
 *   <li>attribute every record to its session and route it: records already under their session key in its
 *       home partition go straight on, the others through one repartition topic; both streams merge;</li>
 *   <li>put the repartitioned records back into their producers' order (every input partition's progress marks
 *       tell when a record can no longer be overtaken);</li>
 *   <li>per session: correlate chains (closed chains to {@code execution-chains}), record the timeline, count
 *       the health windows and raise alerts to {@code execution-alerts};</li>
 *   <li>reconcile our fills against the venue's ({@code venue-fills}) per venue order id, keep each session's
 *       decisions and raise an alert for a live session's differences; only when {@code reconciliation.venues}
 *       lists a venue (else none of it is built).</li>
 * </ol>
 * Every node, store and topic name comes from the {@link Registry} (topic names from the configuration, serdes
 * fixed there), so the topology (and its changelog and repartition topics) stays compatible across releases.
 */
public final class ExectraceTopology {

    private ExectraceTopology() {
    }

    /** The topology for an input topic with {@code config.topicPartitions()} partitions, metrics in a registry of their own. */
    public static Topology build(final ExectraceConfig config) {
        return build(config, config.topicPartitions(), PipelineMetrics.standalone(config));
    }

    /** The topology for an input topic with {@code inputPartitions} partitions, metrics in a registry of their own. */
    public static Topology build(final ExectraceConfig config, final int inputPartitions) {
        return build(config, inputPartitions, PipelineMetrics.standalone(config));
    }

    /**
     * The topology for an input topic with {@code inputPartitions} partitions (the real count, which decides each
     * session's home partition and the repartition topic's size); its processors record into {@code metrics}.
     */
    public static Topology build(final ExectraceConfig config, final int inputPartitions,
                                 final PipelineMetrics metrics) {
        return build(config, inputPartitions, metrics, InputBacklog.UNKNOWN);
    }

    /**
     * The topology as {@link #build(ExectraceConfig, int, PipelineMetrics)}, with the tasks' input backlog for the
     * session processor's idle clock (see {@link InputBacklog}).
     */
    public static Topology build(final ExectraceConfig config, final int inputPartitions,
                                 final PipelineMetrics metrics, final InputBacklog backlog) {
        if (config.healthRetention().compareTo(Duration.ofMinutes(5)) < 0) {
            throw new InvalidConfigException("Invalid configuration: health.retention must be at least 5m (the "
                    + "longest health window), was " + config.healthRetention());
        }
        if (config.sessionRetention().compareTo(config.idleTimeout()) < 0) {
            throw new InvalidConfigException("Invalid configuration: session.retention must be at least idle.timeout "
                    + "(" + config.idleTimeout() + ": a session's open chains close before it is removed), was "
                    + config.sessionRetention());
        }
        final StreamsBuilder builder = new StreamsBuilder();
        final Registry.Topics topics = Registry.topics(config);
        addStores(builder, config);

        // 1. Source: parse once in the deserializer, event time from the parse.
        final KStream<byte[], ParsedRecord> records = builder.stream(topics.input().name(),
                topics.input().consumed(SOURCE).withTimestampExtractor(new EventTimeExtractor()));

        // 2. Invalid records: raw bytes to the dead-letter topic, counted in total and per reason (store and metric).
        records.filter((key, parsed) -> !parsed.isValid(), Named.as(INVALID_RECORDS))
                .processValues(() -> new DeadLetterProcessor(PARSE_ERRORS.name(), metrics), Named.as(DEAD_LETTER),
                        PARSE_ERRORS.name())
                .to(topics.deadLetters().name(), topics.deadLetters().produced(DLQ_SINK));

        // 3. Route by session: only records not yet at home pay for the repartition topic.
        final Map<String, KStream<String, AttributedInput>> routes = records
                .process(() -> new SessionAttributionProcessor(inputPartitions, backlog, config.reorderWindow()),
                        Named.as(ATTRIBUTE_SESSION))
                .split(Named.as(ROUTE))
                .branch((session, attributed) -> attributed.atHome(), Branched.as(AT_HOME))
                .defaultBranch(Branched.as(MISKEYED));
        final KStream<String, SessionInput> atHome = routes.get(ROUTE + AT_HOME)
                .mapValues(AttributedInput::input, Named.as(UNWRAP_AT_HOME));
        final KStream<String, SessionInput> rekeyed = routes.get(ROUTE + MISKEYED)
                .mapValues(AttributedInput::input, Named.as(UNWRAP_MISKEYED))
                .repartition(Repartitioned.<String, SessionInput>as(SESSION_REKEY)
                        .withKeySerde(topics.sessionRekey().keySerde())
                        .withValueSerde(topics.sessionRekey().valueSerde())
                        .withStreamPartitioner(new SessionRekeyPartitioner())
                        .withNumberOfPartitions(inputPartitions));

        // 4. Rekeyed records back into their producers' order (each session's events as they were sent).
        final KStream<String, SessionInput> sessions = atHome.merge(rekeyed, Named.as(MERGE_SESSIONS))
                .process(() -> new ReorderProcessor(REORDER_BUFFER.name(), inputPartitions,
                                "-" + SESSION_REKEY + "-repartition", metrics, backlog),
                        Named.as(REORDER), REORDER_BUFFER.name());

        // 5. Correlate chains per session; closed chains to the chains topic and into the health windows, stuck
        //    orders to the alerts. The correlation also runs session retention: it removes expired sessions from
        //    its own stores and from the timeline and health stores connected to it here.
        final Map<String, KStream<String, CorrelationOutput>> correlated = sessions
                .process(SessionProcessor.supplier(correlationSettings(config), CORRELATION, backlog, metrics,
                                retentionPlan(config, metrics)),
                        Named.as(CORRELATE_CHAINS), TIMELINE.name(), TIMELINE_INDEX.name(), HEALTH_1M.name(),
                        HEALTH_5M.name(), SESSION_WATCH.name())
                .split(Named.as(CORRELATED))
                .branch((session, output) -> output instanceof ClosedChain, Branched.as(CLOSED_CHAINS))
                .defaultBranch(Branched.as(STUCK_ORDERS));
        final KStream<String, ClosedChain> chains = correlated.get(CORRELATED + CLOSED_CHAINS)
                .mapValues(output -> (ClosedChain) output, Named.as(UNWRAP_CLOSED_CHAINS));
        final KStream<String, Alert> stuckOrderAlerts = correlated.get(CORRELATED + STUCK_ORDERS)
                .mapValues(output -> AlertRules.stuckOrder((StuckOrder) output), Named.as(STUCK_ORDER_ALERTS));
        chains.to(topics.chains().name(), topics.chains().produced(CHAINS_SINK));
        chains.process(ChainRecorder.supplier(SESSION_CHAINS.name(), config.timelineRetention()),
                Named.as(RECORD_CHAINS));
        final KStream<String, Alert> chainAlerts = chains.process(
                () -> new ChainHealthProcessor(HEALTH_1M.name(), HEALTH_5M.name(), SESSION_WATCH.name(), metrics),
                Named.as(CHAIN_HEALTH), HEALTH_1M.name(), HEALTH_5M.name(), SESSION_WATCH.name());

        // 6. Per session: timeline (drops redeliveries), then health windows, alerts and the event metrics.
        final KStream<String, SessionInput> firstDeliveries = sessions
                .process(() -> new TimelineProcessor(TIMELINE.name(), TIMELINE_INDEX.name(),
                                config.timelineRetention()),
                        Named.as(RECORD_TIMELINE), TIMELINE.name(), TIMELINE_INDEX.name());
        final KStream<String, Alert> sessionAlerts = firstDeliveries
                .process(() -> new SessionHealthProcessor(HEALTH_1M.name(), HEALTH_5M.name(), SESSION_WATCH.name(),
                                config.alertMinEvents(), config.idleTimeout(), config.healthRetention(), metrics),
                        Named.as(SESSION_HEALTH), HEALTH_1M.name(), HEALTH_5M.name(), SESSION_WATCH.name());

        // 7. Alerts.
        KStream<String, Alert> alerts = sessionAlerts.merge(chainAlerts, Named.as(MERGE_ALERTS))
                .merge(stuckOrderAlerts, Named.as(MERGE_STUCK_ORDER_ALERTS));

        // 8. Reconciliation: our acks and fills (first deliveries) and the venue's fills meet per venue order id;
        //    live sessions' differences join the alerts. Only for the venues listed: with none, its sub-topologies
        //    would sit idle yet still be polled, committed and punctuated in every task (~18 % CPU per record in
        //    bench e2e), so they are left out.
        if (reconciles(config)) {
            alerts = alerts.merge(addReconciliation(builder, config, topics, firstDeliveries, inputPartitions, metrics,
                    backlog), Named.as(MERGE_RECONCILIATION_ALERTS));
        }
        alerts.process(AlertRecorder.supplier(SESSION_ALERTS.name(), config.healthRetention()),
                Named.as(RECORD_ALERTS));
        alerts.to(topics.alerts().name(), topics.alerts().produced(ALERTS_SINK));

        return builder.build();
    }

    /**
     * Reads the venue's fills (invalid ones to their dead-letter topic), re-keys both sides by venue order id through
     * a repartition topic each (same partition count: co-partitioned), reconciles per order, and sends each decision to its session's partition (same count
     * and partitioner as the session stores, so a session's reconciliation lives where the API looks for it) or,
     * for a venue fill that matches no order of ours, to the venue-level store. Returns the alerts of live sessions'
     * differences (R-5; at most one per session and minute of fill time, see {@link SessionReconciliationRecorder}).
     */
    private static KStream<String, Alert> addReconciliation(final StreamsBuilder builder,
                                                            final ExectraceConfig config, final Registry.Topics topics,
                                                            final KStream<String, SessionInput> ours,
                                                            final int inputPartitions, final PipelineMetrics metrics,
                                                            final InputBacklog backlog) {
        final Map<String, KStream<byte[], ParsedVenueFill>> venueFills = builder
                .stream(topics.venueFills().name(), topics.venueFills().consumed(VENUE_FILLS_SOURCE))
                .processValues(() -> new VenueFillParsing(config.venueSymbols()), Named.as(PARSE_VENUE_FILLS))
                .split(Named.as(VENUE_FILLS))
                .branch((key, fill) -> fill.isValid(), Branched.as(VALID))
                .defaultBranch(Branched.as(INVALID));
        venueFills.get(VENUE_FILLS + INVALID)
                .processValues(VenueFillDeadLetter::new, Named.as(VENUE_FILL_DEAD_LETTER))
                .to(topics.venueFillsDeadLetters().name(), topics.venueFillsDeadLetters().produced(VENUE_FILLS_DLQ_SINK));
        final KStream<String, ReconciliationInput> venueSide = venueFills.get(VENUE_FILLS + VALID)
                .process(() -> new VenueFillKeying(config.reconciliationVenues()), Named.as(KEY_VENUE_FILLS))
                .repartition(rekeyed(RECONCILIATION_VENUE, topics.reconciliationVenue(), inputPartitions));
        final KStream<String, FillDecision> byVenueOrderId = ours
                .process(() -> new OurOrderEvents(config.reconciliationVenues(), OurOrderEvents.Keying.BROKER_ORDER_ID), Named.as(OUR_ORDER_EVENTS))
                .repartition(rekeyed(RECONCILIATION_OURS, topics.reconciliationOurs(), inputPartitions))
                .merge(venueSide, Named.as(MERGE_RECONCILIATION_INPUT))
                .process(() -> new ReconciliationProcessor(RECONCILIATION_ORDERS.name(), config.reconciliationWindow(),
                                config.sessionRetention(), config.reconciliationTolerance(), metrics),
                        Named.as(RECONCILE), RECONCILIATION_ORDERS.name());
        final Map<String, KStream<String, FillDecision>> levels = byVenueOrderId.split(Named.as(DECISIONS))
                .branch((key, decision) -> OrderDecisions.isFallback(decision), Branched.as(CLIENT_ORDER_FALLBACK))
                .branch((key, decision) -> decision.sessionId() != null, Branched.as(SESSION_LEVEL))
                .defaultBranch(Branched.as(VENUE_LEVEL));
        final KStream<String, ReconciliationInput> handedOn = levels.get(DECISIONS + CLIENT_ORDER_FALLBACK)
                .mapValues(OrderDecisions::handedOn, Named.as(HAND_ON_TO_CLIENT_ORDER))
                .repartition(rekeyed(RECONCILIATION_CLIENT_VENUE, topics.reconciliationClientVenue(), inputPartitions));
        final Map<String, KStream<String, FillDecision>> fallbackLevels = ours
                .process(() -> new OurOrderEvents(config.reconciliationVenues(), OurOrderEvents.Keying.CLIENT_ORDER_ID), Named.as(CLIENT_ORDER_EVENTS))
                .repartition(rekeyed(RECONCILIATION_CLIENT_OURS, topics.reconciliationClientOurs(), inputPartitions))
                .merge(handedOn, Named.as(MERGE_CLIENT_ORDER_INPUT))
                .process(() -> new ClientOrderReconciliation(RECONCILIATION_CLIENT_ORDERS.name(),
                                config.reconciliationWindow(), config.sessionRetention(),
                                config.reconciliationTolerance(), metrics),
                        Named.as(RECONCILE_BY_CLIENT_ORDER), RECONCILIATION_CLIENT_ORDERS.name())
                .split(Named.as(CLIENT_ORDER_DECISIONS))
                .branch((key, decision) -> decision.sessionId() != null, Branched.as(SESSION_LEVEL))
                .defaultBranch(Branched.as(VENUE_LEVEL));
        final KStream<String, FillDecision> sessionDecisions = levels.get(DECISIONS + SESSION_LEVEL)
                .merge(fallbackLevels.get(CLIENT_ORDER_DECISIONS + SESSION_LEVEL), Named.as(MERGE_SESSION_DECISIONS));
        final KStream<String, FillDecision> venueDecisions = levels.get(DECISIONS + VENUE_LEVEL)
                .merge(fallbackLevels.get(CLIENT_ORDER_DECISIONS + VENUE_LEVEL), Named.as(MERGE_VENUE_DECISIONS));
        final KStream<String, Alert> alerts = sessionDecisions
                .repartition(Repartitioned.<String, FillDecision>as(RECONCILIATION_RESULTS)
                        .withKeySerde(topics.reconciliationResults().keySerde())
                        .withValueSerde(topics.reconciliationResults().valueSerde())
                        .withNumberOfPartitions(inputPartitions))
                .process(() -> new SessionReconciliationRecorder(SESSION_RECONCILIATION.name(),
                                config.sessionRetention(), backlog),
                        Named.as(RECORD_RECONCILIATION), SESSION_RECONCILIATION.name())
                .filter((session, difference) -> ReconciliationAlerts.alerts(difference), Named.as(LIVE_DIFFERENCES))
                .mapValues(ReconciliationAlerts::of, Named.as(RECONCILIATION_ALERTS));
        venueDecisions
                .process(() -> new VenueLevelRecorder(VENUE_UNMATCHED.name(), config.sessionRetention()),
                        Named.as(RECORD_VENUE_LEVEL),
                        VENUE_UNMATCHED.name());
        return alerts;
    }

    /**
     * Whether the topology reconciles (has the venue-fills source, the reconciliation and its stores): only when
     * {@code reconciliation.venues} lists a venue.
     */
    public static boolean reconciles(final ExectraceConfig config) {
        return !config.reconciliationVenues().isEmpty();
    }

    private static Repartitioned<String, ReconciliationInput> rekeyed(
            final String name, final Registry.Topic<String, ReconciliationInput> topic, final int partitions) {
        return Repartitioned.<String, ReconciliationInput>as(name).withKeySerde(topic.keySerde())
                .withValueSerde(topic.valueSerde()).withNumberOfPartitions(partitions);
    }

    /** The correlation core's settings: the contract's timeouts from the configuration, its own defaults else. */
    static CorrelationSettings correlationSettings(final ExectraceConfig config) {
        return CorrelationSettings.defaults()
                .withIntentTimeout(config.intentTimeout())
                .withOrderTimeout(config.orderTimeout())
                .withIdleTimeout(config.idleTimeout())
                .withSettleTime(config.settleTime())
                .withStuckOrderAfter(config.stuckOrderAfter());
    }

    /** Session retention: the correlation's own stores plus the timeline's and the health monitor's. */
    static RetentionPlan retentionPlan(final ExectraceConfig config, final PipelineMetrics metrics) {
        return new RetentionPlan(SessionRetention.Settings.of(config.sessionRetention()),
                List.of(TimelineRemoval.factory(TIMELINE.name(), TIMELINE_INDEX.name()),
                        HealthRemoval.factory(HEALTH_1M.name(), HEALTH_5M.name(), SESSION_WATCH.name(),
                                config.healthRetention())),
                metrics);
    }

    private static void addStores(final StreamsBuilder builder, final ExectraceConfig config) {
        builder.addStateStore(ParseErrorTotals.storeBuilder(PARSE_ERRORS.name()));
        builder.addStateStore(ReorderProcessor.storeBuilder(REORDER_BUFFER.name()));
        builder.addStateStore(TimelineStores.events(TIMELINE.name()));
        builder.addStateStore(TimelineStores.index(TIMELINE_INDEX.name()));
        builder.addStateStore(HealthStores.windows(HEALTH_1M.name(), config.healthRetention(), Duration.ofMinutes(1)));
        builder.addStateStore(HealthStores.windows(HEALTH_5M.name(), config.healthRetention(), Duration.ofMinutes(5)));
        builder.addStateStore(HealthStores.watches(SESSION_WATCH.name()));
        if (reconciles(config)) {
            builder.addStateStore(ReconciliationStores.orders(RECONCILIATION_ORDERS.name()));
            builder.addStateStore(ReconciliationStores.clientOrders(RECONCILIATION_CLIENT_ORDERS.name()));
            builder.addStateStore(ReconciliationStores.sessions(SESSION_RECONCILIATION.name()));
            builder.addStateStore(ReconciliationStores.venueLevel(VENUE_UNMATCHED.name()));
        }
    }
}
