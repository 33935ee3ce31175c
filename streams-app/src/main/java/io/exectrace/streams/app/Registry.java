package io.exectrace.streams.app;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.streams.config.ExectraceConfig;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.ClosedChainSerde;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.LatencySketches;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.health.Alert;
import io.exectrace.streams.health.AlertSerde;
import io.exectrace.streams.ingest.ParsedRecord;
import io.exectrace.streams.ingest.ParsingSerde;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.ingest.SessionInputSerde;
import io.exectrace.streams.timeline.TimelineIndexEntry;
import io.exectrace.streams.venue.FillDecision;
import io.exectrace.streams.venue.FillDecisionSerde;
import io.exectrace.streams.venue.ReconciliationInput;
import io.exectrace.streams.venue.ReconciliationInputSerde;
import io.exectrace.streams.venue.SessionReconciliation;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Every name of the exectrace topology, in one place: its processor nodes, its state stores (each with the view
 * interactive queries give of it) and its topics (each with its serdes; the names of the four application topics
 * come from the configuration). {@link ExectraceTopology} builds from these, the query API reads through them.
 *
 * <p>The names are part of the deployed state: changelog and repartition topics are named after them, so they must
 * not change between releases (docs/architecture.md shows the topology they make, checked by a test).
 */
public final class Registry {

    // Processor nodes, in data-flow order.
    public static final String SOURCE = "events-source";
    public static final String INVALID_RECORDS = "invalid-records";
    public static final String DEAD_LETTER = "dead-letter";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String ATTRIBUTE_SESSION = "attribute-session";
    public static final String ROUTE = "route-";
    public static final String AT_HOME = "at-home";
    public static final String MISKEYED = "miskeyed";
    public static final String UNWRAP_AT_HOME = "unwrap-at-home";
    public static final String UNWRAP_MISKEYED = "unwrap-miskeyed";
    /** Repartition name; its topic is {@code <application.id>-session-rekey-repartition} ({@link Topics}). */
    public static final String SESSION_REKEY = "session-rekey";
    public static final String MERGE_SESSIONS = "merge-sessions";
    /** Puts records that came through {@link #SESSION_REKEY} back into their producers' order. */
    public static final String REORDER = "reorder";
    public static final String CORRELATE_CHAINS = "correlate-chains";
    /** Splits the correlation's output: closed chains and stuck orders. */
    public static final String CORRELATED = "correlated-";
    public static final String CLOSED_CHAINS = "closed-chains";
    public static final String STUCK_ORDERS = "stuck-orders";
    public static final String UNWRAP_CLOSED_CHAINS = "unwrap-closed-chains";
    public static final String STUCK_ORDER_ALERTS = "stuck-order-alerts";
    public static final String CHAINS_SINK = "chains-sink";
    public static final String CHAIN_HEALTH = "chain-health";
    /** Keeps closed chains queryable per session ({@link #SESSION_CHAINS}). */
    public static final String RECORD_CHAINS = "record-chains";
    public static final String RECORD_TIMELINE = "record-timeline";
    public static final String SESSION_HEALTH = "session-health";
    public static final String MERGE_ALERTS = "merge-alerts";
    public static final String MERGE_STUCK_ORDER_ALERTS = "merge-stuck-order-alerts";
    public static final String ALERTS_SINK = "alerts-sink";
    /** Keeps alerts queryable per session ({@link #SESSION_ALERTS}). */
    public static final String RECORD_ALERTS = "record-alerts";
    // Reconciliation (docs/architecture.md): the venue's fills against ours, per venue order id.
    public static final String VENUE_FILLS_SOURCE = "venue-fills-source";
    public static final String PARSE_VENUE_FILLS = "parse-venue-fills";
    public static final String VENUE_FILLS = "venue-fills-";
    public static final String VALID = "valid";
    public static final String INVALID = "invalid";
    public static final String VENUE_FILL_DEAD_LETTER = "venue-fill-dead-letter";
    public static final String VENUE_FILLS_DLQ_SINK = "venue-fills-dlq-sink";
    public static final String KEY_VENUE_FILLS = "key-venue-fills";
    /** Our acks and fills with a broker order id, keyed by it. */
    public static final String OUR_ORDER_EVENTS = "our-order-events";
    /**
     * Repartition names: our side ({@code <application.id>-reconciliation-ours-repartition}) and the venue's
     * ({@code ...-reconciliation-venue-repartition}), both by venue order id with the input's partition count, so they
     * meet in one task whatever the venue-fills topic's partition count, and the venue-fills source stays out of the
     * session sub-topology.
     */
    public static final String RECONCILIATION_OURS = "reconciliation-ours";
    public static final String RECONCILIATION_VENUE = "reconciliation-venue";
    public static final String MERGE_RECONCILIATION_INPUT = "merge-reconciliation-input";
    public static final String RECONCILE = "reconcile";
    /**
     * Splits the decisions: per session, venue level (no order of ours), or handed on to the client-order-id fallback
     * (a venue fill that found no order by venue order id but echoes a client order id).
     */
    public static final String DECISIONS = "decisions-";
    public static final String SESSION_LEVEL = "session";
    public static final String VENUE_LEVEL = "venue";
    public static final String CLIENT_ORDER_FALLBACK = "client-order-fallback";
    /** The handed-on venue fills as the fallback reads them. */
    public static final String HAND_ON_TO_CLIENT_ORDER = "hand-on-to-client-order";
    /** Our order, ack, fill and cancel events with a client order id, keyed by it. */
    public static final String CLIENT_ORDER_EVENTS = "client-order-events";
    /**
     * Repartition names of the fallback: our side ({@code ...-reconciliation-client-ours-repartition}) and the handed-on
     * venue fills ({@code ...-reconciliation-client-venue-repartition}), both by client order id.
     */
    public static final String RECONCILIATION_CLIENT_OURS = "reconciliation-client-ours";
    public static final String RECONCILIATION_CLIENT_VENUE = "reconciliation-client-venue";
    public static final String MERGE_CLIENT_ORDER_INPUT = "merge-client-order-input";
    public static final String RECONCILE_BY_CLIENT_ORDER = "reconcile-by-client-order";
    /** Splits the fallback's decisions: per session, or venue level. */
    public static final String CLIENT_ORDER_DECISIONS = "client-order-decisions-";
    public static final String MERGE_SESSION_DECISIONS = "merge-session-decisions";
    public static final String MERGE_VENUE_DECISIONS = "merge-venue-decisions";
    /** Repartition name: decisions to their session's partition ({@code ...-reconciliation-results-repartition}). */
    public static final String RECONCILIATION_RESULTS = "reconciliation-results";
    /** Also passes on each session's first difference of a minute of fill time, for the alert. */
    public static final String RECORD_RECONCILIATION = "record-reconciliation";
    /** Keeps the differences of live sessions (the others alert nothing). */
    public static final String LIVE_DIFFERENCES = "live-differences";
    public static final String RECONCILIATION_ALERTS = "reconciliation-alerts";
    /**
     * Joins the reconciliation alerts to the session alerts (one sink, one {@link #SESSION_ALERTS} store): this puts
     * the {@link #RECONCILIATION_RESULTS} source into the session sub-topology.
     */
    public static final String MERGE_RECONCILIATION_ALERTS = "merge-reconciliation-alerts";
    public static final String RECORD_VENUE_LEVEL = "record-venue-level";

    // State stores, in data-flow order. Values of the health stores are private to their package.
    /** Invalid records in total ({@code total}) and per reason label; read with {@code ParseErrorTotals}. */
    public static final Store<ReadOnlyKeyValueStore<String, Long>> PARSE_ERRORS = keyValue("parse-errors");
    /** Records of the reorder stage waiting for every input partition's progress (binary, by partition and offset). */
    public static final Store<ReadOnlyKeyValueStore<Bytes, byte[]>> REORDER_BUFFER = keyValue("reorder-buffer");
    /** Per session, its correlation summary (the correlation core's store). */
    public static final Store<ReadOnlyKeyValueStore<String, SessionSummary>> SESSION_SUMMARY =
            keyValue("session-summary");
    /** Latency sketches per (session, symbol or all); read with {@link CorrelationStores#readLatencies}. */
    public static final Store<ReadOnlyKeyValueStore<Bytes, LatencySketches>> SESSION_LATENCY =
            keyValue("session-latency");
    /** Open chains and duplicate memory per session (binary); read with {@link CorrelationStores#readOpenChains}. */
    public static final Store<ReadOnlyKeyValueStore<Bytes, byte[]>> CORRELATION_STATE = keyValue("correlation-state");
    /**
     * Every session by newest event time, newest first (binary, see {@code SessionsIndex}): the session list pages
     * through it and retention walks it from the oldest end.
     */
    public static final Store<ReadOnlyKeyValueStore<Bytes, byte[]>> SESSIONS_INDEX = keyValue("sessions-index");
    /** The correlation core's four stores under the names above. */
    public static final CorrelationStores CORRELATION = new CorrelationStores(SESSION_SUMMARY.name(),
            SESSION_LATENCY.name(), CORRELATION_STATE.name(), SESSIONS_INDEX.name());
    /** Closed chains per session at their close time (ms), duplicates retained. */
    public static final Store<ReadOnlyWindowStore<String, ClosedChain>> SESSION_CHAINS = window("session-chains");
    /** Events keyed by {@code TimelineKey} (session, event time, fingerprint). */
    public static final Store<ReadOnlyKeyValueStore<Bytes, ExecutionEvent>> TIMELINE = keyValue("session-timeline");
    /** Per session, oldest and newest stored event and their count. */
    public static final Store<ReadOnlyKeyValueStore<String, TimelineIndexEntry>> TIMELINE_INDEX =
            keyValue("session-timeline-index");
    /** 1-minute tumbling windows of health counts, keyed by mode and session ({@code HealthKey}). */
    public static final Store<ReadOnlyWindowStore<String, ?>> HEALTH_1M = opaque("health-1m",
            QueryableStoreTypes.windowStore());
    /** Closed 5-minute windows of health counts hopping by 1 minute, keyed like {@link #HEALTH_1M}. */
    public static final Store<ReadOnlyWindowStore<String, ?>> HEALTH_5M = opaque("health-5m",
            QueryableStoreTypes.windowStore());
    /** Per session, the health monitor's clock, mode and liveness. */
    public static final Store<ReadOnlyKeyValueStore<String, ?>> SESSION_WATCH = opaque("session-watch",
            QueryableStoreTypes.keyValueStore());
    /** Alerts per session at their event time (ms), duplicates retained. */
    public static final Store<ReadOnlyWindowStore<String, Alert>> SESSION_ALERTS = window("session-alerts");

    /** Per venue order id, our orders and both sides' undecided fills (binary, private to the reconciliation). */
    public static final Store<ReadOnlyKeyValueStore<String, ?>> RECONCILIATION_ORDERS = opaque(
            "reconciliation-orders", QueryableStoreTypes.keyValueStore());
    /**
     * Per client order id and session, our order's span and undecided fills; per client order id alone, the venue
     * fills waiting for an order (binary, private to the reconciliation).
     */
    public static final Store<ReadOnlyKeyValueStore<String, ?>> RECONCILIATION_CLIENT_ORDERS = opaque(
            "reconciliation-client-orders", QueryableStoreTypes.keyValueStore());
    /** Per session, its reconciliation: counts by result, lag, the decisions that are not {@code matched}. */
    public static final Store<ReadOnlyKeyValueStore<String, SessionReconciliation>> SESSION_RECONCILIATION =
            keyValue("session-reconciliation");
    /** Venue fills that match no order of ours, by (venue, venue order id, trade id); see {@code VenueLevelRecorder}. */
    public static final Store<ReadOnlyKeyValueStore<String, FillDecision>> VENUE_UNMATCHED = keyValue("venue-unmatched");

    private Registry() {
    }

    /**
     * A state store: its name, and the view {@code KafkaStreams#store} gives of it across partitions.
     *
     * @param <T> the queryable view
     */
    public record Store<T>(String name, QueryableStoreType<T> queryType) {
    }

    /**
     * A topic with its serdes.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

        /** How a source node named {@code node} reads the topic. */
        public Consumed<K, V> consumed(final String node) {
            return Consumed.with(keySerde, valueSerde).withName(node);
        }

        /** How a sink node named {@code node} writes the topic. */
        public Produced<K, V> produced(final String node) {
            return Produced.with(keySerde, valueSerde).withName(node);
        }
    }

    /**
     * The topics of one configuration.
     *
     * @param input        the execution events (read parsed: the value deserializer runs the events parser)
     * @param deadLetters  invalid and failed records, byte for byte
     * @param chains       closed chains (JSON)
     * @param alerts       alerts (JSON)
     * @param sessionRekey the internal repartition topic of records not yet under their session key
     */
    public record Topics(Topic<byte[], ParsedRecord> input, Topic<byte[], byte[]> deadLetters,
                         Topic<String, ClosedChain> chains, Topic<String, Alert> alerts,
                         Topic<String, SessionInput> sessionRekey, Topic<byte[], byte[]> venueFills,
                         Topic<byte[], byte[]> venueFillsDeadLetters, Topic<String, ReconciliationInput> reconciliationOurs,
                         Topic<String, ReconciliationInput> reconciliationVenue,
                         Topic<String, ReconciliationInput> reconciliationClientOurs,
                         Topic<String, ReconciliationInput> reconciliationClientVenue,
                         Topic<String, FillDecision> reconciliationResults) {
    }

    /** The topics of {@code config}: names from it, serdes fixed (the input's parser knows its dialects). */
    public static Topics topics(final ExectraceConfig config) {
        return new Topics(
                new Topic<>(config.inputTopic(), Serdes.ByteArray(), new ParsingSerde(config.dialects().parser())),
                new Topic<>(config.dlqTopic(), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(config.chainsTopic(), Serdes.String(), new ClosedChainSerde()),
                new Topic<>(config.alertsTopic(), Serdes.String(), new AlertSerde()),
                new Topic<>(config.applicationId() + "-" + SESSION_REKEY + "-repartition", Serdes.String(),
                        new SessionInputSerde()),
                new Topic<>(config.venueFillsTopic(), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(config.venueFillsDlqTopic(), Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(config.applicationId() + "-" + RECONCILIATION_OURS + "-repartition", Serdes.String(),
                        new ReconciliationInputSerde()),
                new Topic<>(config.applicationId() + "-" + RECONCILIATION_VENUE + "-repartition", Serdes.String(),
                        new ReconciliationInputSerde()),
                new Topic<>(config.applicationId() + "-" + RECONCILIATION_CLIENT_OURS + "-repartition", Serdes.String(),
                        new ReconciliationInputSerde()),
                new Topic<>(config.applicationId() + "-" + RECONCILIATION_CLIENT_VENUE + "-repartition",
                        Serdes.String(), new ReconciliationInputSerde()),
                new Topic<>(config.applicationId() + "-" + RECONCILIATION_RESULTS + "-repartition", Serdes.String(),
                        new FillDecisionSerde()));
    }

    private static <K, V> Store<ReadOnlyKeyValueStore<K, V>> keyValue(final String name) {
        return new Store<>(name, QueryableStoreTypes.keyValueStore());
    }

    private static <K, V> Store<ReadOnlyWindowStore<K, V>> window(final String name) {
        return new Store<>(name, QueryableStoreTypes.windowStore());
    }

    /** A store whose values are private to the package that writes them: readable here only as {@code ?}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> Store<T> opaque(final String name, final QueryableStoreType<?> type) {
        return new Store<>(name, (QueryableStoreType) type);
    }
}
