package io.exectrace.producer;

import io.exectrace.events.ChainOutcome;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.exectrace.events.Stage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The generator's own ground truth: what it decided to generate, counted as the records were handed out, per
 * session and overall, in the vocabulary of the fixtures' expected files (lines, valid, invalid, events,
 * duplicates, by_stage, chains_by_outcome...). Never computed by running the pipeline's code.
 */
public final class ExpectedTotals {
    private static final long HOUR_MICROS = 3_600_000_000L;
    private static final long SECOND_MICROS = 1_000_000L;

    /** Counters of one session. */
    public static final class Session {
        final String sessionId;
        final String dialect;
        final String style;
        final String mode;
        final String exchange;
        final TreeSet<String> symbols = new TreeSet<>();
        long lines;
        long valid;
        long invalid;
        long events;
        long duplicates;
        final long[] byStage = new long[Stage.values().length];
        final long[] chains = new long[ChainOutcome.values().length];
        final TreeMap<String, Long> riskBlocks = new TreeMap<>();
        long firstTs = Long.MAX_VALUE;
        long lastTs = Long.MIN_VALUE;
        long previousArrivalTs = Long.MIN_VALUE;
        long backwardJumps;
        long gapsOverHour;
        final boolean micros;
        /** What reconciliation must decide, by result ({@link SyntheticVenueFills#RESULTS}); null: not reconciled. */
        final long[] reconciliation;
        /** Fills of a reconciled session's orders never acked: no venue fills are written for them (missing at venue). */
        long fillsWithoutBrokerOrderId;

        Session(final String sessionId, final String dialect, final String style, final String mode,
                final String exchange, final boolean micros, final boolean reconciled) {
            this.sessionId = sessionId;
            this.dialect = dialect;
            this.style = style;
            this.mode = mode;
            this.exchange = exchange;
            this.micros = micros;
            this.reconciliation = reconciled ? new long[SyntheticVenueFills.RESULTS.size()] : null;
        }

        /**
         * Fills of this reconciled session's orders that were never acked, so carry no broker order id: reconciliation
         * finds their orders by client order id, and no venue fills are written for them, so each is counted
         * {@code missing_at_venue} in {@link #reconciliation()}.
         */
        public long fillsWithoutBrokerOrderId() {
            return fillsWithoutBrokerOrderId;
        }

        /** The session's trading venue (dialect B), or null. */
        public String exchange() {
            return exchange;
        }

        /**
         * The reconciliation counts its fills must get against the generated venue fills, by result label
         * ({@code matched} ... {@code missing_in_ledger}), every result present; empty when the session is not
         * reconciled (no venue fills were generated, or it trades on no venue they were written for, or it names no
         * venue and is not live).
         */
        public Map<String, Long> reconciliation() {
            final Map<String, Long> counts = new java.util.LinkedHashMap<>();
            if (reconciliation != null) {
                for (int i = 0; i < reconciliation.length; i++) {
                    counts.put(SyntheticVenueFills.RESULTS.get(i), reconciliation[i]);
                }
            }
            return counts;
        }

        public String sessionId() {
            return sessionId;
        }

        public long lines() {
            return lines;
        }

        public long valid() {
            return valid;
        }

        public long invalid() {
            return invalid;
        }

        public long events() {
            return events;
        }

        public long duplicates() {
            return duplicates;
        }

        /** Distinct events of a stage. */
        public long events(final Stage stage) {
            return byStage[stage.ordinal()];
        }

        public long chains(final ChainOutcome outcome) {
            return chains[outcome.ordinal()];
        }
    }

    /** Count, sum, min and max of one latency edge over all chains, in microseconds. */
    static final class Edge {
        long count;
        long sum;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;

        void add(final long micros) {
            count++;
            sum += micros;
            min = Math.min(min, micros);
            max = Math.max(max, micros);
        }
    }

    static final String[] EDGES = {"intent_to_order", "order_to_ack", "order_to_fill", "intent_to_fill", "fill_completion"};

    private final List<Session> sessions = new ArrayList<>();
    private final Edge[] edges = new Edge[EDGES.length];
    private final SynthSettings settings;
    private final SyntheticVenueFills venueFills;
    private boolean complete;

    ExpectedTotals(final SynthSettings settings, final SyntheticVenueFills venueFills) {
        this.settings = settings;
        this.venueFills = venueFills;
        for (int i = 0; i < edges.length; i++) {
            edges[i] = new Edge();
        }
    }

    Session add(final Session session) {
        sessions.add(session);
        return session;
    }

    void validLine(final Session s, final Stage stage, final long ts, final String symbol, final boolean duplicate) {
        s.lines++;
        s.valid++;
        if (duplicate) {
            s.duplicates++;
            return;
        }
        s.events++;
        s.byStage[stage.ordinal()]++;
        if (symbol != null) {
            s.symbols.add(symbol);
        }
        s.firstTs = Math.min(s.firstTs, ts);
        s.lastTs = Math.max(s.lastTs, ts);
        if (s.previousArrivalTs != Long.MIN_VALUE) {
            if (s.previousArrivalTs - ts > SECOND_MICROS) {
                s.backwardJumps++;
            }
            if (ts - s.previousArrivalTs > HOUR_MICROS) {
                s.gapsOverHour++;
            }
        }
        s.previousArrivalTs = ts;
    }

    void invalidLine(final Session s) {
        s.lines++;
        s.invalid++;
    }

    void chainEnded(final Session s, final ChainOutcome outcome, final String riskReason, final long[] edgeMicros) {
        s.chains[outcome.ordinal()]++;
        if (riskReason != null) {
            s.riskBlocks.merge(riskReason, 1L, Long::sum);
        }
        for (int i = 0; i < edgeMicros.length; i++) {
            if (edgeMicros[i] >= 0) {
                edges[i].add(edgeMicros[i]);
            }
        }
    }

    void markComplete() {
        complete = true;
    }

    /** True once the generator was exhausted: every chain it started was handed out to its end. */
    public boolean complete() {
        return complete;
    }

    /** The sessions, in generation order. */
    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    public long lines() {
        return sum(s -> s.lines);
    }

    public long valid() {
        return sum(s -> s.valid);
    }

    public long invalid() {
        return sum(s -> s.invalid);
    }

    public long events() {
        return sum(s -> s.events);
    }

    public long duplicates() {
        return sum(s -> s.duplicates);
    }

    public long events(final Stage stage) {
        return sum(s -> s.byStage[stage.ordinal()]);
    }

    public long chains(final ChainOutcome outcome) {
        return sum(s -> s.chains[outcome.ordinal()]);
    }

    private long sum(final java.util.function.ToLongFunction<Session> f) {
        long total = 0;
        for (final Session s : sessions) {
            total += f.applyAsLong(s);
        }
        return total;
    }

    /** The expected totals as pretty-printed JSON (the {@code --expected} file). */
    public byte[] toJson() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("generator", "exectrace produce synth");
            json.writeBooleanField("complete", complete);
            writeSettings(json);
            json.writeObjectFieldStart("totals");
            json.writeNumberField("sessions", sessions.size());
            json.writeNumberField("lines", lines());
            json.writeNumberField("valid", valid());
            json.writeNumberField("invalid", invalid());
            json.writeNumberField("events", events());
            json.writeNumberField("duplicates", duplicates());
            final long[] byStage = new long[Stage.values().length];
            final long[] chains = new long[ChainOutcome.values().length];
            final TreeMap<String, Long> riskBlocks = new TreeMap<>();
            long errorEvents = 0;
            long backward = 0;
            long gaps = 0;
            for (final Session s : sessions) {
                for (int i = 0; i < byStage.length; i++) {
                    byStage[i] += s.byStage[i];
                }
                for (int i = 0; i < chains.length; i++) {
                    chains[i] += s.chains[i];
                }
                s.riskBlocks.forEach((k, v) -> riskBlocks.merge(k, v, Long::sum));
                errorEvents += s.byStage[Stage.ERROR.ordinal()];
                backward += s.backwardJumps;
                gaps += s.gapsOverHour;
            }
            writeByStage(json, byStage);
            json.writeNumberField("error_events", errorEvents);
            writeCounts(json, "risk_blocks", riskBlocks);
            writeChains(json, chains);
            json.writeObjectFieldStart("latency_ms");
            for (int i = 0; i < EDGES.length; i++) {
                final Edge e = edges[i];
                json.writeObjectFieldStart(EDGES[i]);
                json.writeNumberField("count", e.count);
                if (e.count > 0) {
                    json.writeNumberField("min", e.min / 1000.0);
                    json.writeNumberField("max", e.max / 1000.0);
                    json.writeNumberField("mean", e.sum / 1000.0 / e.count);
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            writeQuality(json, backward, gaps);
            json.writeEndObject();
            if (venueFills != null) {
                writeReconciliation(json);
            }

            json.writeArrayFieldStart("sessions");
            for (final Session s : sessions) {
                writeSession(json, s);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void writeSettings(final JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("settings");
        json.writeNumberField("seed", settings.seed());
        json.writeNumberField("sessions", settings.sessions());
        json.writeStringField("start", IsoTimestampFormat.text(settings.startMicros(), IsoTimestampFormat.Style.MICROS_Z));
        json.writeNumberField("events_per_second", settings.eventsPerSecond());
        json.writeNumberField("max_lines", settings.maxLines());
        json.writeNumberField("duration_seconds", settings.durationMicros() < 0 ? -1 : settings.durationMicros() / 1e6);
        json.writeNumberField("out_of_order", settings.outOfOrder());
        json.writeNumberField("duplicates", settings.duplicates());
        json.writeNumberField("invalid", settings.invalid());
        json.writeNumberField("ledger_share", settings.ledgerShare());
        json.writeObjectFieldStart("latency");
        for (final Map.Entry<String, LatencyProfile> e : settings.latencies().entrySet()) {
            json.writeStringField(e.getKey(), e.getValue().toString());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("mix");
        for (final Map.Entry<ChainOutcome, Double> e : settings.mix().entrySet()) {
            json.writeNumberField(e.getKey().label(), e.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeSession(final JsonGenerator json, final Session s) throws IOException {
        json.writeStartObject();
        json.writeStringField("session_id", s.sessionId);
        json.writeStringField("dialect", s.dialect);
        json.writeStringField("style", s.style);
        json.writeStringField("mode", s.mode);
        json.writeArrayFieldStart("exchanges");
        if (s.exchange != null) {
            json.writeString(s.exchange);
        }
        json.writeEndArray();
        json.writeNumberField("lines", s.lines);
        json.writeNumberField("valid", s.valid);
        json.writeNumberField("invalid", s.invalid);
        json.writeNumberField("events", s.events);
        json.writeNumberField("duplicates", s.duplicates);
        json.writeNumberField("parse_errors", s.invalid);
        writeByStage(json, s.byStage);
        json.writeArrayFieldStart("symbols");
        for (final String symbol : s.symbols) {
            json.writeString(symbol);
        }
        json.writeEndArray();
        final IsoTimestampFormat.Style style = s.micros ? IsoTimestampFormat.Style.MICROS_Z : IsoTimestampFormat.Style.MILLIS_Z;
        if (s.events > 0) {
            json.writeStringField("first_ts", IsoTimestampFormat.text(s.firstTs, style));
            json.writeStringField("last_ts", IsoTimestampFormat.text(s.lastTs, style));
        } else {
            json.writeNullField("first_ts");
            json.writeNullField("last_ts");
        }
        json.writeNumberField("error_events", s.byStage[Stage.ERROR.ordinal()]);
        writeCounts(json, "risk_blocks", s.riskBlocks);
        writeQuality(json, s.backwardJumps, s.gapsOverHour);
        writeChains(json, s.chains);
        if (s.reconciliation != null) {
            writeCounts(json, "reconciliation", s.reconciliation());
            json.writeNumberField("fills_without_broker_order_id", s.fillsWithoutBrokerOrderId);
        }
        json.writeEndObject();
    }

    /** The venue fills' settings, what was injected, and the counts over the sessions and at venue level. */
    private void writeReconciliation(final JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("reconciliation");
        json.writeStringField("venue_format", venueFills.format().label());
        json.writeArrayFieldStart("venues");
        for (final String venue : venueFills.venues()) {
            json.writeString(venue);
        }
        json.writeEndArray();
        json.writeNumberField("mismatch_rate", venueFills.mismatchRate());
        json.writeNumberField("venue_fills", venueFills.fills().size());
        json.writeNumberField("orders", venueFills.orders());
        json.writeNumberField("orders_without_venue_fills", venueFills.unmatchable());
        json.writeObjectFieldStart("injected");
        for (final Map.Entry<SyntheticVenueFills.Injection, Long> e : venueFills.injected().entrySet()) {
            json.writeNumberField(e.getKey().label(), e.getValue());
        }
        json.writeEndObject();
        final long[] total = new long[SyntheticVenueFills.RESULTS.size()];
        long sessions = 0;
        for (final Session s : this.sessions) {
            if (s.reconciliation != null) {
                sessions++;
                for (int i = 0; i < total.length; i++) {
                    total[i] += s.reconciliation[i];
                }
            }
        }
        long unkeyed = 0;
        for (final Session s : this.sessions) {
            unkeyed += s.fillsWithoutBrokerOrderId;
        }
        json.writeNumberField("sessions", sessions);
        json.writeNumberField("fills_without_broker_order_id", unkeyed);
        json.writeObjectFieldStart("counts");
        for (int i = 0; i < total.length; i++) {
            json.writeNumberField(SyntheticVenueFills.RESULTS.get(i), total[i]);
        }
        json.writeEndObject();
        json.writeObjectFieldStart("venue_level");
        for (final String venue : venueFills.venues()) {
            json.writeObjectFieldStart(venue);
            json.writeNumberField("missing_in_ledger", venueFills.venueLevel().getOrDefault(venue, 0L));
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void writeByStage(final JsonGenerator json, final long[] byStage) throws IOException {
        json.writeObjectFieldStart("by_stage");
        for (final Stage stage : Stage.values()) {
            if (byStage[stage.ordinal()] > 0) {
                json.writeNumberField(stage.label(), byStage[stage.ordinal()]);
            }
        }
        json.writeEndObject();
    }

    private static void writeChains(final JsonGenerator json, final long[] chains) throws IOException {
        long total = 0;
        for (final long c : chains) {
            total += c;
        }
        json.writeNumberField("chains", total);
        json.writeObjectFieldStart("chains_by_outcome");
        for (final ChainOutcome outcome : ChainOutcome.values()) {
            if (chains[outcome.ordinal()] > 0) {
                json.writeNumberField(outcome.label(), chains[outcome.ordinal()]);
            }
        }
        json.writeEndObject();
    }

    private static void writeCounts(final JsonGenerator json, final String name, final Map<String, Long> counts)
            throws IOException {
        json.writeObjectFieldStart(name);
        for (final Map.Entry<String, Long> e : counts.entrySet()) {
            json.writeNumberField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
    }

    private static void writeQuality(final JsonGenerator json, final long backward, final long gaps) throws IOException {
        json.writeObjectFieldStart("data_quality");
        json.writeNumberField("backward_jumps", backward);
        json.writeNumberField("gaps_over_1h", gaps);
        json.writeNumberField("zoneless_ts", 0);
        json.writeNumberField("non_string_ids", 0);
        json.writeNumberField("negative_latencies", 0);
        json.writeEndObject();
    }
}
