package io.exectrace.streams.config;

import io.exectrace.events.Dialects;
import io.exectrace.events.DurationText;
import io.exectrace.events.InvalidDialectException;
import io.exectrace.events.InvalidSymbolMapException;
import io.exectrace.events.VenueSymbols;
import io.exectrace.streams.reconciliation.ReconciliationTolerance;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole exectrace configuration, typed and validated. Values come from, in increasing precedence:
 * the defaults below, a properties file, and {@code EXECTRACE_*} environment variables.
 * Properties starting with {@code kafka.} go to every Kafka client, those starting with {@code streams.}
 * to Kafka Streams only (environment: {@code EXECTRACE_KAFKA_SECURITY_PROTOCOL} → {@code kafka.security.protocol}).
 *
 * @param bootstrapServers      Kafka bootstrap servers
 * @param applicationId         Kafka Streams application id (also the prefix of internal topics)
 * @param stateDir              directory of the local state stores
 * @param inputTopic            raw execution events
 * @param dlqTopic              invalid records, byte for byte
 * @param chainsTopic           one record per closed chain
 * @param alertsTopic           alerts
 * @param venueFillsTopic       the venue's fills in the generic form (the second input, for reconciliation)
 * @param venueFillsDlqTopic    entries of venue-fill files that are not valid fills, byte for byte
 * @param topicPartitions       partitions of the topics the app creates
 * @param replicationFactor     replication factor of the topics the app creates
 * @param processingGuarantee   {@code exactly_once_v2} or {@code at_least_once}
 * @param streamThreads         Kafka Streams threads
 * @param standbyReplicas       standby replicas per stateful task
 * @param intentTimeout         event time an intent waits for its order or risk block
 * @param orderTimeout          event time an order waits for a fill, cancel or reject
 * @param idleTimeout           wall-clock silence after which a session's open chains close and "no events" fires
 * @param settleTime            how long an ended chain waits for late siblings, on the event clock or the arrival
 *                              clock, whichever passes it first
 * @param stuckOrderAfter       how long an order may stay open (either clock) before the stuck-order alert fires
 * @param reorderWindow         how far behind the wall clock a record's Kafka timestamp may be when it reaches the
 *                              input topic and still be put in its producer's order (records not keyed by session)
 * @param timelineRetention     event time a session's timeline is kept
 * @param healthRetention       event time the windowed health counts are kept
 * @param reconciliationWindow  how long, on the arrival clock, an order's undecided fills wait for the other side
 *                              before they are {@code missing_at_venue} or {@code missing_in_ledger}
 * @param reconciliationVenues  the venues (exchanges, lower case) whose fills are reconciled against their feed on
 *                              {@code venue-fills}; empty: reconciliation is off
 * @param reconciliationTolerance how far our fill and the venue's may differ (price, fee, time) and still be equal
 * @param sessionRetention      how long a session stays after both its newest event time and its last record's
 *                              arrival time: then it is removed from every store
 * @param apiHost               host the query API binds to (and advertises for interactive queries)
 * @param apiPort               port of the query API
 * @param apiToken              bearer token the API requires, or {@code null} for none
 * @param metricsPrefix         prefix of the Prometheus metric names
 * @param metricsLabelLimit     distinct values a free-text metric label (reason, mode, exchange) keeps before {@code other}
 * @param processingErrorPolicy what happens to a record whose processing throws
 * @param alertMinEvents        records a 5-minute window needs before a rate alert may fire
 * @param provisionTimeout      how long start-up waits for the broker to create or describe topics
 * @param dialects              the input dialects: the built-in ones plus the mapping files of {@code dialects.dir}
 * @param venueSymbols          venue symbol to ours: the Kraken defaults plus the file of {@code venue.symbol.map}
 * @param kafkaOverrides        pass-through client properties ({@code kafka.} prefix removed)
 * @param streamsOverrides      pass-through Kafka Streams properties ({@code streams.} prefix removed)
 */
public record ExectraceConfig(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        String inputTopic,
        String dlqTopic,
        String chainsTopic,
        String alertsTopic,
        String venueFillsTopic,
        String venueFillsDlqTopic,
        int topicPartitions,
        short replicationFactor,
        String processingGuarantee,
        int streamThreads,
        int standbyReplicas,
        Duration intentTimeout,
        Duration orderTimeout,
        Duration idleTimeout,
        Duration settleTime,
        Duration stuckOrderAfter,
        Duration reorderWindow,
        Duration timelineRetention,
        Duration healthRetention,
        Duration reconciliationWindow,
        Set<String> reconciliationVenues,
        ReconciliationTolerance reconciliationTolerance,
        Duration sessionRetention,
        String apiHost,
        int apiPort,
        String apiToken,
        String metricsPrefix,
        int metricsLabelLimit,
        ProcessingErrorPolicy processingErrorPolicy,
        int alertMinEvents,
        Duration provisionTimeout,
        Dialects dialects,
        VenueSymbols venueSymbols,
        Map<String, String> kafkaOverrides,
        Map<String, String> streamsOverrides) {

    private static final Logger LOG = LoggerFactory.getLogger(ExectraceConfig.class);

    public static final ConfigKey BOOTSTRAP_SERVERS = new ConfigKey("bootstrap.servers", "localhost:9092",
            "Kafka bootstrap servers (host:port, comma-separated).", false);
    public static final ConfigKey APPLICATION_ID = new ConfigKey("application.id", "exectrace",
            "Kafka Streams application id; consumer group and prefix of internal topics.", false);
    public static final ConfigKey STATE_DIR = new ConfigKey("state.dir", "exectrace-state",
            "Directory of the local RocksDB state stores.", false);
    public static final ConfigKey INPUT_TOPIC = new ConfigKey("input.topic", "execution-events",
            "Input topic: raw JSON execution events, key = session id (may be null or wrong).", false);
    public static final ConfigKey DLQ_TOPIC = new ConfigKey("dlq.topic", "execution-events-dlq",
            "Dead-letter topic: invalid records byte for byte, with headers saying why and where from.", false);
    public static final ConfigKey CHAINS_TOPIC = new ConfigKey("chains.topic", "execution-chains",
            "Output topic: one JSON record per closed chain, key = session id.", false);
    public static final ConfigKey ALERTS_TOPIC = new ConfigKey("alerts.topic", "execution-alerts",
            "Output topic: JSON alerts, key = session id.", false);
    public static final ConfigKey VENUE_FILLS_TOPIC = new ConfigKey("venue.fills.topic", "venue-fills",
            "Venue fills topic (the second input, for reconciliation): one JSON fill in the generic form per record, "
                    + "key = venue order id; `./exectrace produce venue-fills` writes it.", false);
    public static final ConfigKey VENUE_FILLS_DLQ_TOPIC = new ConfigKey("venue.fills.dlq.topic", "venue-fills-dlq",
            "Dead-letter topic of venue fills: entries of venue-fill files that are not valid fills, byte for byte, "
                    + "with headers saying why and where from.", false);
    public static final ConfigKey TOPIC_PARTITIONS = new ConfigKey("topic.partitions", "3",
            "Partitions of the topics created at start-up (existing topics are left as they are).", false);
    public static final ConfigKey REPLICATION_FACTOR = new ConfigKey("replication.factor", "1",
            "Replication factor of the topics created at start-up.", false);
    public static final ConfigKey PROCESSING_GUARANTEE = new ConfigKey("processing.guarantee", "exactly_once_v2",
            "exactly_once_v2 (exact counts across crashes) or at_least_once.", false);
    public static final ConfigKey STREAM_THREADS = new ConfigKey("stream.threads", "1",
            "Kafka Streams threads in this instance; to scale out, prefer more instances"
                    + " ([operations](docs/operations.md#consumer-lag)).", false);
    public static final ConfigKey STANDBY_REPLICAS = new ConfigKey("standby.replicas", "0",
            "Standby replicas of each state store, for fast fail-over.", false);
    public static final ConfigKey INTENT_TIMEOUT = new ConfigKey("intent.timeout", "30s",
            "Event time an intent waits for its order or risk block before MISSING_ORDER.", false);
    public static final ConfigKey ORDER_TIMEOUT = new ConfigKey("order.timeout", "60s",
            "Event time an order waits for a fill, cancel or reject before MISSING_FILL.", false);
    public static final ConfigKey IDLE_TIMEOUT = new ConfigKey("idle.timeout", "5m",
            "Silence after which a session's open chains close (measured on arrival time at the input topic, so a backlog closes the same sessions) and the no-events alert fires.", false);
    public static final ConfigKey SETTLE_TIME = new ConfigKey("settle.time", "1s",
            "How long a chain that has ended (full fill, cancel, risk block, error) waits for late siblings before it closes: on the session's event clock or on the arrival clock, whichever passes first.", false);
    public static final ConfigKey STUCK_ORDER_AFTER = new ConfigKey("stuck.order.after", null,
            "How long an order may stay open without fill, cancel or reject (event or arrival clock) before the stuck_order alert (P2) fires; unset = half of order.timeout.", false);
    public static final ConfigKey REORDER_WINDOW = new ConfigKey("reorder.window", "500ms",
            "Records not keyed by session wait until every input partition has been read past their Kafka timestamp, so each session's events reach the correlator in the order their producer sent them. While a partition is quiet its reading counts as the wall clock less this window: a record that reaches the topic later than this after its timestamp (producer retries, a clock behind) is processed when it arrives and counted late.", false);
    public static final ConfigKey TIMELINE_RETENTION = new ConfigKey("timeline.retention", "7d",
            "Event time the session-timeline store keeps events (bounds its size).", false);
    public static final ConfigKey HEALTH_RETENTION = new ConfigKey("health.retention", "1d",
            "Event time the windowed health stores keep their windows.", false);
    public static final ConfigKey RECONCILIATION_WINDOW = new ConfigKey("reconciliation.window", "5m",
            "How long an order's fills that reconciliation could not pair yet wait, on the arrival (wall) clock after "
                    + "the order's last fill or venue fill, for the other side: then our fills left are "
                    + "`missing_at_venue`, the venue's `missing_in_ledger` (at venue level when no order of ours has "
                    + "the venue order id). Orders are checked every tenth of the window (at least 1 s, at most 30 s), "
                    + "so a decision can come up to that much later. Also the client-order-id fallback's bound: a venue "
                    + "fill that no order has by venue order id belongs to the order with its `client_order_id` whose "
                    + "events lie within this of the fill's time (event time), decided after two windows.", false);
    public static final ConfigKey RECONCILIATION_VENUES = new ConfigKey("reconciliation.venues", null,
            "Venues (the events' `exchange`, comma-separated, any case) whose fills are reconciled against the venue's "
                    + "own fills on the venue fills topic; empty = reconciliation off. Only a venue that feeds its "
                    + "fills belongs here: every fill of a listed venue without a venue fill is `missing_at_venue`, "
                    + "and so, once any venue is listed, is every fill of a live session whose events name no venue "
                    + "(Peak_Trade's own dialect: found by client order id). Venue fills of a venue not listed are not "
                    + "reconciled (logged once per venue).", false);
    public static final ConfigKey RECONCILIATION_PRICE_TOLERANCE = new ConfigKey("reconciliation.price.tolerance",
            "0", "The largest difference between our fill's price and the venue's that is still equal, in the quote "
                    + "currency (a decimal; 0 = equal to the last written digit). Larger: `price_mismatch`.", false);
    public static final ConfigKey RECONCILIATION_FEE_TOLERANCE = new ConfigKey("reconciliation.fee.tolerance", "0",
            "The largest difference between our fill's fee and the venue's that is still equal, in the fee's currency "
                    + "(a decimal; 0 = exact). Larger: `fee_mismatch`. A fill without a fee on one side is not compared.",
            false);
    public static final ConfigKey RECONCILIATION_TIME_TOLERANCE = new ConfigKey("reconciliation.time.tolerance",
            "5s", "How far apart our fill's time and the venue's may be for the two to be the same execution when "
                    + "they are paired by quantity and price (fills paired by trade id are not held to it).", false);
    public static final ConfigKey SESSION_RETENTION = new ConfigKey("session.retention", "30d",
            "A session is removed from every store (summary, latencies, correlation state, timeline, health watch, sessions index; tombstones in their changelogs) once both its newest event time and its last record's arrival time are older than this; an event for it later starts it afresh. The chains and alerts topics stay the durable record (docs/operations.md).", false);
    public static final ConfigKey API_HOST = new ConfigKey("api.host", "127.0.0.1",
            "Host the query API binds to; also advertised as application.server for interactive queries.", false);
    public static final ConfigKey API_PORT = new ConfigKey("api.port", "8080",
            "Port of the query API (0 = any free port).", false);
    public static final ConfigKey API_TOKEN = new ConfigKey("api.token", null,
            "Bearer token the query API requires; unset = no authentication. Never logged.", true);
    public static final ConfigKey METRICS_PREFIX = new ConfigKey("metrics.prefix", "peak_trade",
            "Prefix of the Prometheus metric names.", false);
    public static final ConfigKey METRICS_LABEL_LIMIT = new ConfigKey("metrics.label.limit", "20",
            "Distinct values a free-text metric label (reason, mode, exchange, feed) keeps; later ones count as other.",
            false);
    public static final ConfigKey PROCESSING_ERROR_POLICY = new ConfigKey("processing.error.policy", "dlq",
            "A record whose processing throws: dlq (dead-letter and continue), log (log and continue) or fail.",
            false);
    public static final ConfigKey ALERT_MIN_EVENTS = new ConfigKey("alert.min.events", "20",
            "Records a 5-minute window of a session needs before an error-rate or parse-error-rate alert may fire.",
            false);
    public static final ConfigKey PROVISION_TIMEOUT = new ConfigKey("provision.timeout", "30s",
            "How long start-up waits for the broker to create or describe the topics.", false);
    public static final ConfigKey DIALECTS_DIR = new ConfigKey("dialects.dir", null,
            "Folder of dialect mapping files (`*.yaml`) that add input dialects or replace built-in ones (see Input "
                    + "dialects); unset = the built-in dialects A, B and C. A bad file stops start-up with one line "
                    + "naming the file, the line and the problem.", false);
    public static final ConfigKey VENUE_SYMBOL_MAP = new ConfigKey("venue.symbol.map", null,
            "File of venue symbols and ours (`XTZEUR = XTZ-EUR`, one a line) added to the defaults for Kraken's "
                    + "common pairs (fixtures/README.md, Venue fills); unset = the defaults only. A bad line stops "
                    + "start-up with one line naming the file and the line.", false);

    /** Every typed key, in the order the README lists them. */
    public static final List<ConfigKey> KEYS = List.of(
            BOOTSTRAP_SERVERS, APPLICATION_ID, STATE_DIR, INPUT_TOPIC, DLQ_TOPIC, CHAINS_TOPIC, ALERTS_TOPIC,
            VENUE_FILLS_TOPIC, VENUE_FILLS_DLQ_TOPIC, TOPIC_PARTITIONS, REPLICATION_FACTOR, PROCESSING_GUARANTEE, STREAM_THREADS, STANDBY_REPLICAS,
            INTENT_TIMEOUT, ORDER_TIMEOUT, IDLE_TIMEOUT, SETTLE_TIME, STUCK_ORDER_AFTER, REORDER_WINDOW, TIMELINE_RETENTION, HEALTH_RETENTION,
            RECONCILIATION_WINDOW, RECONCILIATION_VENUES, RECONCILIATION_PRICE_TOLERANCE, RECONCILIATION_FEE_TOLERANCE,
            RECONCILIATION_TIME_TOLERANCE, SESSION_RETENTION, API_HOST, API_PORT, API_TOKEN, METRICS_PREFIX, METRICS_LABEL_LIMIT, PROCESSING_ERROR_POLICY,
            ALERT_MIN_EVENTS, PROVISION_TIMEOUT, DIALECTS_DIR, VENUE_SYMBOL_MAP);

    /** Prefix of pass-through properties for every Kafka client. */
    public static final String KAFKA_PREFIX = "kafka.";
    /** Prefix of pass-through properties for Kafka Streams only. */
    public static final String STREAMS_PREFIX = "streams.";

    /** Client/Streams properties the typed keys own; passing them through would silently fight them. */
    private static final Set<String> OWNED_PROPERTIES = Set.of(
            "bootstrap.servers", "application.id", "state.dir", "processing.guarantee", "num.stream.threads",
            "num.standby.replicas", "application.server");

    /**
     * {@code EXECTRACE_*} variables read elsewhere (the query API, the CLI's logging, the launcher script): not keys of
     * this record, and not unknown either, so no warning names them.
     */
    static final Set<String> ENVIRONMENT_ONLY = Set.of("EXECTRACE_API_CORS_ORIGINS", "EXECTRACE_GRAFANA_URL",
            "EXECTRACE_LOG_LEVEL", "EXECTRACE_JAVA_OPTS", "EXECTRACE_SKIP_BUILD", "EXECTRACE_VIEW_CDS");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern METRIC_PREFIX = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    public ExectraceConfig {
        kafkaOverrides = Collections.unmodifiableMap(new TreeMap<>(kafkaOverrides));
        streamsOverrides = Collections.unmodifiableMap(new TreeMap<>(streamsOverrides));
    }

    /** Defaults only (no file, no environment). */
    public static ExectraceConfig defaults() {
        return load(null, Map.of());
    }

    /** Defaults, overridden by the file (when given), overridden by the process environment. */
    public static ExectraceConfig load(final Path propertiesFile) {
        return load(propertiesFile, System.getenv());
    }

    /**
     * Defaults, overridden by the file (when not null), overridden by {@code EXECTRACE_*} entries of {@code env}.
     *
     * @throws InvalidConfigException naming the key, its origin and the problem, for the first bad value
     */
    public static ExectraceConfig load(final Path propertiesFile, final Map<String, String> env) {
        final ValueSource source = new ValueSource(readFile(propertiesFile), propertiesFile, env);
        return new ExectraceConfig(
                source.text(BOOTSTRAP_SERVERS),
                source.text(APPLICATION_ID),
                Path.of(source.text(STATE_DIR)),
                source.topic(INPUT_TOPIC),
                source.topic(DLQ_TOPIC),
                source.topic(CHAINS_TOPIC),
                source.topic(ALERTS_TOPIC),
                source.topic(VENUE_FILLS_TOPIC),
                source.topic(VENUE_FILLS_DLQ_TOPIC),
                source.integer(TOPIC_PARTITIONS, 1, 10_000),
                (short) source.integer(REPLICATION_FACTOR, 1, Short.MAX_VALUE),
                source.oneOf(PROCESSING_GUARANTEE, "exactly_once_v2", "at_least_once"),
                source.integer(STREAM_THREADS, 1, 1_000),
                source.integer(STANDBY_REPLICAS, 0, 100),
                source.duration(INTENT_TIMEOUT),
                source.duration(ORDER_TIMEOUT),
                source.duration(IDLE_TIMEOUT),
                source.nonNegativeDuration(SETTLE_TIME),
                source.optional(STUCK_ORDER_AFTER) == null ? source.duration(ORDER_TIMEOUT).dividedBy(2)
                        : source.duration(STUCK_ORDER_AFTER),
                source.nonNegativeDuration(REORDER_WINDOW),
                source.duration(TIMELINE_RETENTION),
                source.duration(HEALTH_RETENTION),
                source.duration(RECONCILIATION_WINDOW),
                source.lowerCaseSet(RECONCILIATION_VENUES),
                new ReconciliationTolerance(source.nonNegativeDecimal(RECONCILIATION_PRICE_TOLERANCE),
                        source.nonNegativeDecimal(RECONCILIATION_FEE_TOLERANCE),
                        source.nonNegativeDuration(RECONCILIATION_TIME_TOLERANCE)),
                source.duration(SESSION_RETENTION),
                source.text(API_HOST),
                source.integer(API_PORT, 0, 65_535),
                source.optional(API_TOKEN),
                source.matching(METRICS_PREFIX, METRIC_PREFIX, "a Prometheus name prefix ([a-zA-Z_:][a-zA-Z0-9_:]*)"),
                source.integer(METRICS_LABEL_LIMIT, 1, 1_000),
                ProcessingErrorPolicy.valueOf(
                        source.oneOf(PROCESSING_ERROR_POLICY, "dlq", "log", "fail").toUpperCase(Locale.ROOT)),
                source.integer(ALERT_MIN_EVENTS, 1, Integer.MAX_VALUE),
                source.duration(PROVISION_TIMEOUT),
                source.dialects(DIALECTS_DIR),
                source.venueSymbols(VENUE_SYMBOL_MAP),
                source.passThrough(KAFKA_PREFIX),
                source.passThrough(STREAMS_PREFIX));
    }

    /** {@code host:port} advertised to other instances for interactive queries. */
    public String applicationServer() {
        return apiHost + ":" + apiPort;
    }

    /** A copy with other Kafka bootstrap servers (tests and the launcher's embedded mode). */
    public ExectraceConfig withBootstrapServers(final String servers) {
        return new ExectraceConfig(servers, applicationId, stateDir, inputTopic, dlqTopic, chainsTopic, alertsTopic,
                venueFillsTopic, venueFillsDlqTopic, topicPartitions, replicationFactor, processingGuarantee, streamThreads, standbyReplicas,
                intentTimeout, orderTimeout, idleTimeout, settleTime, stuckOrderAfter, reorderWindow, timelineRetention,
                healthRetention, reconciliationWindow, reconciliationVenues, reconciliationTolerance, sessionRetention, apiHost, apiPort,
                apiToken, metricsPrefix, metricsLabelLimit, processingErrorPolicy, alertMinEvents, provisionTimeout,
                dialects, venueSymbols, kafkaOverrides, streamsOverrides);
    }

    /** A copy whose Kafka clients get {@code overrides} on top of the configured {@code kafka.*} properties. */
    public ExectraceConfig withKafkaOverrides(final Map<String, String> overrides) {
        final Map<String, String> merged = new TreeMap<>(kafkaOverrides);
        merged.putAll(overrides);
        return new ExectraceConfig(bootstrapServers, applicationId, stateDir, inputTopic, dlqTopic, chainsTopic,
                alertsTopic, venueFillsTopic, venueFillsDlqTopic, topicPartitions, replicationFactor, processingGuarantee, streamThreads, standbyReplicas,
                intentTimeout, orderTimeout, idleTimeout, settleTime, stuckOrderAfter, reorderWindow, timelineRetention,
                healthRetention, reconciliationWindow, reconciliationVenues, reconciliationTolerance, sessionRetention, apiHost, apiPort,
                apiToken, metricsPrefix, metricsLabelLimit, processingErrorPolicy, alertMinEvents, provisionTimeout,
                dialects, venueSymbols, merged, streamsOverrides);
    }

    /**
     * The topics the application creates at start-up, input first: its own four, and the venue fills' two, so
     * that {@code produce venue-fills} finds them (the pipeline reads the fills for reconciliation).
     */
    public List<String> topics() {
        return List.of(inputTopic, dlqTopic, chainsTopic, alertsTopic, venueFillsTopic, venueFillsDlqTopic);
    }

    /** A markdown table of every key, its environment variable, default and description (for the README). */
    public static String markdownTable() {
        final StringBuilder out = new StringBuilder();
        out.append("| property | environment variable | default | description |\n");
        out.append("| --- | --- | --- | --- |\n");
        for (final ConfigKey key : KEYS) {
            out.append("| `").append(key.property()).append("` | `").append(key.environmentVariable())
                    .append("` | ").append(key.defaultValue() == null ? "(none)" : "`" + key.defaultValue() + "`")
                    .append(" | ").append(key.description()).append(" |\n");
        }
        out.append("| `kafka.*` | `EXECTRACE_KAFKA_*` | | Passed to every Kafka client without the prefix "
                + "(e.g. `kafka.security.protocol`). |\n");
        out.append("| `streams.*` | `EXECTRACE_STREAMS_*` | | Passed to Kafka Streams without the prefix "
                + "(e.g. `streams.commit.interval.ms`). |\n");
        return out.toString();
    }

    @Override
    public String toString() {
        return "ExectraceConfig[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
                + ", stateDir=" + stateDir + ", topics=" + topics() + ", topicPartitions=" + topicPartitions
                + ", replicationFactor=" + replicationFactor + ", processingGuarantee=" + processingGuarantee
                + ", streamThreads=" + streamThreads + ", standbyReplicas=" + standbyReplicas
                + ", intentTimeout=" + intentTimeout + ", orderTimeout=" + orderTimeout
                + ", idleTimeout=" + idleTimeout + ", settleTime=" + settleTime
                + ", stuckOrderAfter=" + stuckOrderAfter + ", reorderWindow=" + reorderWindow
                + ", timelineRetention=" + timelineRetention
                + ", healthRetention=" + healthRetention + ", reconciliationWindow=" + reconciliationWindow
                + ", reconciliationVenues=" + reconciliationVenues + ", reconciliationTolerance=" + reconciliationTolerance
                + ", sessionRetention=" + sessionRetention + ", api=" + applicationServer()
                + ", apiToken=" + (apiToken == null ? "unset" : "<redacted>") + ", metricsPrefix=" + metricsPrefix
                + ", metricsLabelLimit=" + metricsLabelLimit
                + ", processingErrorPolicy=" + processingErrorPolicy + ", alertMinEvents=" + alertMinEvents
                + ", provisionTimeout=" + provisionTimeout + ", dialects=" + dialects + ", venueSymbols=" + venueSymbols
                + ", kafkaOverrides=" + kafkaOverrides.keySet()
                + ", streamsOverrides=" + streamsOverrides.keySet() + "]";
    }

    private static Map<String, String> readFile(final Path file) {
        final Map<String, String> values = new LinkedHashMap<>();
        if (file == null) {
            return values;
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new InvalidConfigException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        for (final String name : properties.stringPropertyNames()) {
            values.put(name.trim(), properties.getProperty(name).trim());
        }
        return values;
    }

    /** Resolves each key through environment, file and default, remembering where a value came from. */
    /** Whether {@code name} looks like exectrace's but nothing reads it (a typo, a removed key): worth a warning. */
    static boolean namesNothing(final String name) {
        if (!name.startsWith(ConfigKey.ENV_PREFIX) || ENVIRONMENT_ONLY.contains(name)) {
            return false;
        }
        final boolean typed = KEYS.stream().anyMatch(k -> k.environmentVariable().equals(name));
        final boolean passThrough = name.startsWith(ConfigKey.ENV_PREFIX + "KAFKA_")
                || name.startsWith(ConfigKey.ENV_PREFIX + "STREAMS_");
        return !typed && !passThrough;
    }

    private static final class ValueSource {
        private final Map<String, String> file;
        private final Path filePath;
        private final Map<String, String> env;

        ValueSource(final Map<String, String> file, final Path filePath, final Map<String, String> env) {
            this.file = file;
            this.filePath = filePath;
            this.env = env;
            rejectUnknownFileKeys();
            warnUnknownEnvironmentVariables();
        }

        private void rejectUnknownFileKeys() {
            for (final String name : file.keySet()) {
                final boolean typed = KEYS.stream().anyMatch(k -> k.property().equals(name));
                if (!typed && !name.startsWith(KAFKA_PREFIX) && !name.startsWith(STREAMS_PREFIX)) {
                    throw new InvalidConfigException("Unknown key \"" + name + "\" in " + filePath
                            + "; known keys: " + KEYS.stream().map(ConfigKey::property).toList()
                            + ", plus kafka.* and streams.*");
                }
            }
        }

        private void warnUnknownEnvironmentVariables() {
            for (final String name : env.keySet()) {
                if (namesNothing(name)) {
                    LOG.warn("Ignoring environment variable {}: it names no exectrace configuration key", name);
                }
            }
        }

        /** The raw value and its origin, or null when neither environment nor file sets it and there is no default. */
        private Origin resolve(final ConfigKey key) {
            final String fromEnv = env.get(key.environmentVariable());
            if (fromEnv != null) {
                return new Origin(fromEnv.trim(), key.environmentVariable() + " (environment)");
            }
            final String fromFile = file.get(key.property());
            if (fromFile != null) {
                return new Origin(fromFile, key.property() + " (file " + filePath + ")");
            }
            return key.defaultValue() == null ? null : new Origin(key.defaultValue(), key.property() + " (default)");
        }

        String text(final ConfigKey key) {
            final Origin origin = resolve(key);
            if (origin == null || origin.value.isEmpty()) {
                throw new InvalidConfigException("Invalid configuration: " + (origin == null
                        ? key.property() + " / " + key.environmentVariable() : origin.where) + " must not be empty");
            }
            return origin.value;
        }

        /** A comma-separated list, trimmed and lower-cased, empty entries dropped; empty when unset. */
        Set<String> lowerCaseSet(final ConfigKey key) {
            final String value = optional(key);
            if (value == null) {
                return Set.of();
            }
            final Set<String> names = new TreeSet<>();
            for (final String part : value.split(",")) {
                final String name = part.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            return Collections.unmodifiableSet(names);
        }

        String optional(final ConfigKey key) {
            final Origin origin = resolve(key);
            return origin == null || origin.value.isEmpty() ? null : origin.value;
        }

        String topic(final ConfigKey key) {
            return matching(key, TOPIC_NAME, "a Kafka topic name (1-249 of [a-zA-Z0-9._-])");
        }

        String matching(final ConfigKey key, final Pattern pattern, final String expected) {
            final String value = text(key);
            if (!pattern.matcher(value).matches()) {
                throw bad(key, value, "expected " + expected);
            }
            return value;
        }

        int integer(final ConfigKey key, final int min, final int max) {
            final String value = text(key);
            final int parsed;
            try {
                parsed = Integer.parseInt(value);
            } catch (final NumberFormatException e) {
                throw bad(key, value, "expected an integer between " + min + " and " + max);
            }
            if (parsed < min || parsed > max) {
                throw bad(key, value, "expected an integer between " + min + " and " + max);
            }
            return parsed;
        }

        Duration duration(final ConfigKey key) {
            final String value = text(key);
            final Duration parsed = DurationText.parseOrNull(value);
            if (parsed == null || parsed.isNegative() || parsed.isZero()) {
                throw bad(key, value, "expected a positive duration such as 250ms, 30s, 5m, 1h, 7d or PT30S");
            }
            return parsed;
        }

        BigDecimal nonNegativeDecimal(final ConfigKey key) {
            final String value = text(key);
            try {
                final BigDecimal parsed = new BigDecimal(value.trim());
                if (parsed.signum() >= 0) {
                    return parsed;
                }
            } catch (final NumberFormatException e) {
                // reported below, with what was expected
            }
            throw bad(key, value, "expected a decimal of 0 or more such as 0, 0.01 or 0.5");
        }

        Duration nonNegativeDuration(final ConfigKey key) {
            final String value = text(key);
            final Duration parsed = DurationText.parseOrNull(value);
            if (parsed == null || parsed.isNegative()) {
                throw bad(key, value, "expected a duration such as 0s, 250ms, 1s, 30s or PT1S");
            }
            return parsed;
        }

        String oneOf(final ConfigKey key, final String... allowed) {
            final String value = text(key).toLowerCase(Locale.ROOT);
            for (final String candidate : allowed) {
                if (candidate.equals(value)) {
                    return candidate;
                }
            }
            throw bad(key, value, "expected one of " + String.join(", ", allowed));
        }

        /** The built-in dialects, plus the mapping files of the folder when one is set, every file checked. */
        Dialects dialects(final ConfigKey key) {
            final String dir = optional(key);
            if (dir == null) {
                return Dialects.builtIn();
            }
            try {
                return Dialects.load(Path.of(dir));
            } catch (final InvalidDialectException e) {
                throw new InvalidConfigException("Invalid dialect mapping (" + resolve(key).where + "): "
                        + e.getMessage(), e);
            }
        }

        /** The default symbol map, plus the file of the key when one is set, every line checked. */
        VenueSymbols venueSymbols(final ConfigKey key) {
            final String file = optional(key);
            if (file == null) {
                return VenueSymbols.defaults();
            }
            try {
                return VenueSymbols.load(Path.of(file));
            } catch (final InvalidSymbolMapException e) {
                throw new InvalidConfigException("Invalid symbol map (" + resolve(key).where + "): "
                        + e.getMessage(), e);
            }
        }

        Map<String, String> passThrough(final String prefix) {
            final Map<String, String> values = new TreeMap<>();
            for (final Map.Entry<String, String> e : file.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    values.put(owned(e.getKey().substring(prefix.length()), e.getKey()), e.getValue());
                }
            }
            final String envPrefix = ConfigKey.toEnvironmentVariable(prefix);
            for (final Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey().startsWith(envPrefix) && e.getKey().length() > envPrefix.length()) {
                    final String property = e.getKey().substring(envPrefix.length())
                            .toLowerCase(Locale.ROOT).replace('_', '.');
                    values.put(owned(property, e.getKey()), e.getValue().trim());
                }
            }
            return values;
        }

        private String owned(final String property, final String where) {
            if (OWNED_PROPERTIES.contains(property)) {
                throw new InvalidConfigException("Invalid configuration: " + where + " sets \"" + property
                        + "\", which exectrace configures itself; use the typed key instead (see the README table)");
            }
            return property;
        }

        private InvalidConfigException bad(final ConfigKey key, final String value, final String problem) {
            final Origin origin = resolve(key);
            return new InvalidConfigException("Invalid configuration: " + origin.where + " = "
                    + key.printable(value) + ": " + problem);
        }
    }

    private record Origin(String value, String where) {
    }
}
