package io.exectrace.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Stage;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.correlation.CorrelationStores;
import io.exectrace.streams.correlation.LatencySketches;
import io.exectrace.streams.correlation.SessionLatencies;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.sessions.SessionsIndex;
import io.exectrace.streams.sessions.SessionsIndexEntry;
import io.exectrace.streams.timeline.TimelineIndexEntry;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The session endpoints: the list (fanned out to every instance), and per session the summary, latency profile,
 * timeline and the seed's telemetry export (routed to the session's owner). Chains are in {@link ChainEndpoint}.
 */
final class SessionEndpoint {

    private static final Base64.Encoder CURSOR_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder CURSOR_DECODER = Base64.getUrlDecoder();
    /**
     * Sent by a coordinator with a local request for the session list: the scan budget per partition, and that it
     * reads {@value #SCANNED_TO} in the answer (without it, an instance answers whole pages, as before budgets).
     */
    static final String SCAN_BUDGET_HEADER = "X-Exectrace-Scan-Budget";
    /** In a local answer: the place in list order where this instance stopped looking, when a budget ran out. */
    static final String SCANNED_TO = "scanned_to";
    private final StoreAccess access;
    private final SessionRouter router;
    private final FanOut fanOut;
    private final ApiSettings settings;
    private final Clock clock;
    private final ReconciliationEndpoint reconciliation;

    SessionEndpoint(final StoreAccess access, final SessionRouter router, final FanOut fanOut,
                    final ApiSettings settings, final Clock clock, final ReconciliationEndpoint reconciliation) {
        this.reconciliation = reconciliation;
        this.access = access;
        this.router = router;
        this.fanOut = fanOut;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * GET /api/sessions: newest event time first. Each partition's sessions index is read from the cursor on until
     * {@code limit + 1} sessions match (never all sessions) or, for JSON, the scan budget of entries looked at runs
     * out; the partitions' pages are merged, and other instances are asked for theirs the same way. When a budget
     * ran out, the page holds only the sessions up to the earliest place (in list order) where one stopped, every
     * match up to there, and the cursor goes on from that place: a page may then be short, even empty, with a
     * cursor.
     */
    void list(final Context ctx) throws IOException {
        final QueryParams params = new QueryParams(ctx, settings.maxJsonLimit());
        final QueryParams.Format format = FanOut.isLocalRequest(ctx) ? QueryParams.Format.JSON : params.format();
        // A local request answers for a coordinator that pages in the format it was asked for.
        final int limit = params.limit(params.format());
        final String mode = params.text("mode");
        final String symbol = params.text("symbol");
        final Boolean active = params.bool("active");
        final String cursor = params.text("cursor");
        final SessionCursor after = cursor == null ? null : SessionCursor.decode(cursor);
        final long now = clock.millis();
        final Predicate<SessionsIndexEntry> filter = entry -> (mode == null || mode.equalsIgnoreCase(entry.mode()))
                && (symbol == null || entry.symbols().contains(symbol))
                && (active == null || active == SessionView.active(entry.idleClosed(), entry.lastSeenWallMillis(), now));
        final int wanted = limit == Integer.MAX_VALUE ? limit : limit + 1;
        final int budget = scanBudget(ctx, params.format(), wanted);
        final LocalPage local = localPage(after, wanted, budget, filter, now);
        if (FanOut.isLocalRequest(ctx)) {
            ctx.json(local.answer());
            return;
        }
        final Map<String, String> headers = budget == Integer.MAX_VALUE ? Map.of()
                : Map.of(SCAN_BUDGET_HEADER, Integer.toString(budget));
        final List<Map<String, Object>> answers = fanOut.gatherAnswers(ctx, Registry.SESSIONS_INDEX.name(), headers,
                local::answer);
        SessionCursor stoppedAt = null;
        final List<Map<String, Object>> gathered = new ArrayList<>();
        for (final Map<String, Object> answer : answers) {
            gathered.addAll(FanOut.items(answer));
            stoppedAt = SessionCursor.earlier(stoppedAt, SessionCursor.fromJson(answer.get(SCANNED_TO)));
        }
        final List<Map<String, Object>> all = upTo(inListOrder(gathered), stoppedAt);
        final List<Map<String, Object>> page = all.subList(0, Math.min(limit, all.size()));
        final String next = all.size() > limit ? SessionCursor.of(page.get(page.size() - 1)).encode()
                : stoppedAt != null ? stoppedAt.encode() : null;
        if (format == QueryParams.Format.CSV) {
            Responses.csvAttachment(ctx, "sessions.csv");
            try (CsvWriter csv = new CsvWriter(ctx.outputStream())) {
                csv.row(SessionView.LIST_COLUMNS);
                for (final Map<String, Object> item : page) {
                    csv.text((String) item.get("session_id")).text((String) item.get("mode"))
                            .text(String.valueOf(item.get("active"))).number(((Number) item.get("events")).longValue())
                            .text((String) item.get("first_ts")).text((String) item.get("last_ts"))
                            .text(String.join(" ", symbols(item))).number(number(item.get("error_rate")))
                            .number(number(item.get("fill_rate")))
                            .number(((Number) item.get("closed_chains")).longValue())
                            .number(((Number) item.get("open_chains")).longValue())
                            .number(number(item.get("oldest_open_age_ms"))).endRow();
                }
            }
            return;
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", page.size());
        answer.put("sessions", page);
        answer.put("next_cursor", next);
        ctx.json(answer);
    }

    /**
     * Entries one request looks at per partition: for a JSON list it coordinates, this instance's budget but at
     * least the {@code wanted} entries of a page (a list without filters always gets whole pages); the
     * coordinator's for a local request that names one (a coordinator that names none reads pages whole, so it
     * gets them whole); none for CSV, which has no cursor to go on with.
     */
    private int scanBudget(final Context ctx, final QueryParams.Format requested, final int wanted) {
        if (FanOut.isLocalRequest(ctx)) {
            final String asked = ctx.header(SCAN_BUDGET_HEADER);
            if (asked == null) {
                return Integer.MAX_VALUE;
            }
            try {
                final int budget = Integer.parseInt(asked.trim());
                if (budget > 0) {
                    return budget;
                }
            } catch (final NumberFormatException e) {
                // reported below
            }
            throw ApiException.badRequest(SCAN_BUDGET_HEADER + " must be a positive integer, was '" + asked + "'");
        }
        return requested == QueryParams.Format.JSON ? Math.max(settings.sessionScanBudget(), wanted)
                : Integer.MAX_VALUE;
    }

    /** The items up to and including the place {@code stoppedAt} (all when null); {@code items} in list order. */
    private static List<Map<String, Object>> upTo(final List<Map<String, Object>> items,
                                                  final SessionCursor stoppedAt) {
        if (stoppedAt == null) {
            return items;
        }
        final Bytes bound = stoppedAt.key();
        int n = 0;
        while (n < items.size() && SessionCursor.of(items.get(n)).key().compareTo(bound) <= 0) {
            n++;
        }
        return items.subList(0, n);
    }

    /**
     * The first {@code wanted} matching sessions of this instance's partitions after the cursor, in list order: the
     * partitions' index pages are merged first, so only the sessions on the page have their summaries read. When a
     * partition's budget ran out, only the sessions up to the earliest place where one stopped are kept.
     */
    private LocalPage localPage(final SessionCursor after, final int wanted, final int budget,
                                final Predicate<SessionsIndexEntry> filter, final long now) {
        final List<PageEntry> entries = new ArrayList<>();
        SessionCursor stoppedAt = null;
        for (final int partition : access.localPartitionNumbers(Registry.SESSIONS_INDEX)) {
            final ReadOnlyKeyValueStore<Bytes, byte[]> index = access.partition(Registry.SESSIONS_INDEX, partition,
                    false);
            final SessionsIndex.Page page = SessionsIndex.page(index, after == null ? 0 : after.lastTsMicros(),
                    after == null ? null : after.sessionId(), wanted, budget, filter);
            for (final SessionsIndexEntry entry : page.matches()) {
                entries.add(new PageEntry(SessionsIndex.key(entry.lastTsMicros(), entry.sessionId()), partition,
                        entry.sessionId()));
            }
            if (page.stoppedAt() != null) {
                stoppedAt = SessionCursor.earlier(stoppedAt,
                        new SessionCursor(page.stoppedAt().lastTsMicros(), page.stoppedAt().sessionId()));
            }
        }
        entries.sort(java.util.Comparator.comparing(PageEntry::key));
        final Bytes bound = stoppedAt == null ? null : stoppedAt.key();
        final List<Map<String, Object>> items = new ArrayList<>(Math.min(wanted, entries.size()));
        final Map<Integer, ReadOnlyKeyValueStore<String, SessionSummary>> summaries = new java.util.HashMap<>();
        for (final PageEntry entry : entries.subList(0, Math.min(wanted, entries.size()))) {
            if (bound != null && entry.key().compareTo(bound) > 0) {
                break;      // past where a partition stopped looking: its matches before this are unknown
            }
            final SessionSummary summary = summaries.computeIfAbsent(entry.partition(),
                    p -> access.partition(Registry.SESSION_SUMMARY, p, false)).get(entry.sessionId());
            if (summary != null) {     // null: removed by retention since the index was read
                items.add(SessionView.listItem(summary, now));
            }
        }
        return new LocalPage(items, stoppedAt);
    }

    /** This instance's part of a list: its items and, when a budget ran out, where it stopped looking. */
    private record LocalPage(List<Map<String, Object>> items, SessionCursor stoppedAt) {

        /** As another instance would answer it. */
        Map<String, Object> answer() {
            final Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("items", items);
            if (stoppedAt != null) {
                answer.put(SCANNED_TO, stoppedAt.json());
            }
            return answer;
        }
    }

    /** A session on a page: its place in the list and where its summary is. */
    private record PageEntry(Bytes key, int partition, String sessionId) {
    }

    /** The items sorted as the sessions index orders them: newest event time first, then session id (UTF-8). */
    private static List<Map<String, Object>> inListOrder(final List<Map<String, Object>> items) {
        final List<Map.Entry<Bytes, Map<String, Object>>> keyed = new ArrayList<>(items.size());
        for (final Map<String, Object> item : items) {
            keyed.add(Map.entry(SessionsIndex.key(((Number) item.get("last_ts_micros")).longValue(),
                    (String) item.get("session_id")), item));
        }
        keyed.sort(Map.Entry.comparingByKey());
        final List<Map<String, Object>> ordered = new ArrayList<>(keyed.size());
        keyed.forEach(entry -> ordered.add(entry.getValue()));
        return ordered;
    }

    /** GET /api/sessions/{id}. */
    void summary(final Context ctx) {
        final String sessionId = ctx.pathParam("id");
        final SessionRouter.LocalRead read = router.route(ctx, Registry.SESSION_SUMMARY.name(), sessionId);
        if (read == null) {
            return;
        }
        final SessionSummary summary = requireSummary(access, sessionId, read);
        final ObjectNode answer = SessionView.summary(summary, readLatencies(sessionId, read), clock.millis());
        final Map<String, Object> reconciled = reconciliation.summarySection(ctx, sessionId);
        if (reconciled != null) {
            answer.set("reconciliation", Json.MAPPER.valueToTree(reconciled));
        }
        ctx.json(answer);
    }

    /** GET /api/sessions/{id}/latency. */
    void latency(final Context ctx) {
        final String sessionId = ctx.pathParam("id");
        final SessionRouter.LocalRead read = router.route(ctx, Registry.SESSION_SUMMARY.name(), sessionId);
        if (read == null) {
            return;
        }
        requireSummary(access, sessionId, read);
        ctx.json(SessionView.latency(sessionId, readLatencies(sessionId, read)));
    }

    /** GET /api/sessions/{id}/timeline. */
    void timeline(final Context ctx) throws IOException {
        final String sessionId = ctx.pathParam("id");
        final QueryParams params = new QueryParams(ctx, settings.maxJsonLimit());
        final QueryParams.Format format = params.format();
        final int limit = params.limit(format);
        final Stage stage = params.stage("stage");
        final TimelineScan scan = new TimelineScan(sessionId, params.timeMicros("from", Long.MIN_VALUE),
                params.timeMicros("to", Long.MAX_VALUE), stage == null ? null : EnumSet.of(stage),
                params.text("symbol"));
        final String cursor = params.text("cursor");
        final String after = params.text("after");
        if (cursor != null && after != null) {
            throw ApiException.badRequest("give cursor or after, not both");
        }
        final SessionRouter.LocalRead read = router.route(ctx, Registry.TIMELINE_INDEX.name(), sessionId);
        if (read == null) {
            return;
        }
        final ReadOnlyKeyValueStore<Bytes, ExecutionEvent> store = timelineStore(sessionId, read);
        final String start = cursor != null ? cursor : after;
        if (format == QueryParams.Format.CSV) {
            Responses.csvAttachment(ctx, "timeline_" + Responses.fileSafe(sessionId) + ".csv");
            try (CsvWriter csv = new CsvWriter(ctx.outputStream())) {
                csv.row(EventView.TIMELINE_COLUMNS);
                scan.scan(store, start, after != null, limit, (key, event) -> EventView.csv(csv, key, event));
            }
            return;
        }
        final List<Map<String, Object>> events = new ArrayList<>(Math.min(limit, 1024));
        final String next = scan.scan(store, start, after != null, limit,
                (key, event) -> events.add(EventView.json(TimelineScan.id(key), event)));
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("session_id", sessionId);
        answer.put("count", events.size());
        answer.put("events", events);
        answer.put("next_cursor", next);
        ctx.json(answer);
    }

    /**
     * GET /api/telemetry, the seed's endpoint: rows {@code ts, kind, symbol, session_id, description, details};
     * {@code type} is a stage or one of the seed's kinds ({@code order} = submit, {@code gate} = gate pass or risk
     * block).
     */
    void telemetry(final Context ctx) throws IOException {
        final QueryParams params = new QueryParams(ctx, settings.maxJsonLimit());
        final QueryParams.Format format = params.format();
        final int limit = params.limit(format);
        final String sessionId = params.text("session_id");
        if (sessionId == null) {
            throw ApiException.badRequest("session_id is required");
        }
        final String type = params.text("type");
        final TimelineScan scan = new TimelineScan(sessionId, Long.MIN_VALUE, Long.MAX_VALUE, telemetryStages(type),
                params.text("symbol"));
        final SessionRouter.LocalRead read = router.route(ctx, Registry.TIMELINE_INDEX.name(), sessionId);
        if (read == null) {
            return;
        }
        final ReadOnlyKeyValueStore<Bytes, ExecutionEvent> store = timelineStore(sessionId, read);
        if (format == QueryParams.Format.CSV) {
            Responses.csvAttachment(ctx, "telemetry_" + Responses.fileSafe(sessionId) + "_"
                    + Responses.fileSafe(type == null ? "all" : type) + ".csv");
            try (CsvWriter csv = new CsvWriter(ctx.outputStream())) {
                csv.row(EventView.TELEMETRY_COLUMNS);
                scan.scan(store, null, false, limit, (key, event) -> csv.row(EventView.telemetryRow(event)));
            }
            return;
        }
        final List<Map<String, Object>> rows = new ArrayList<>(Math.min(limit, 1024));
        scan.scan(store, null, false, limit, (key, event) -> {
            final String[] row = EventView.telemetryRow(event);
            final Map<String, Object> item = new LinkedHashMap<>();
            for (int i = 0; i < row.length; i++) {
                item.put(EventView.TELEMETRY_COLUMNS[i], row[i]);
            }
            rows.add(item);
        });
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("session_id", sessionId);
        answer.put("type", type);
        answer.put("count", rows.size());
        answer.put("events", rows);
        ctx.json(answer);
    }

    /** The timeline of a session that exists; 404 otherwise. */
    private ReadOnlyKeyValueStore<Bytes, ExecutionEvent> timelineStore(final String sessionId,
                                                                   final SessionRouter.LocalRead read) {
        requireSession(access, sessionId, read);
        return access.partition(Registry.TIMELINE, read.partition(), read.stale());
    }

    /** 404 unless the session has events in the (routed) partition. */
    static void requireSession(final StoreAccess access, final String sessionId, final SessionRouter.LocalRead read) {
        final ReadOnlyKeyValueStore<String, TimelineIndexEntry> index = access.partition(Registry.TIMELINE_INDEX,
                read.partition(), read.stale());
        if (index.get(sessionId) == null) {
            throw unknown(access, sessionId, read, "no events of session '" + sessionId + "'");
        }
    }

    /** The summary of a session in the (routed) partition; 404 when the session is unknown. */
    static SessionSummary requireSummary(final StoreAccess access, final String sessionId,
                                         final SessionRouter.LocalRead read) {
        final ReadOnlyKeyValueStore<String, SessionSummary> store = access.partition(Registry.SESSION_SUMMARY,
                read.partition(), read.stale());
        final SessionSummary summary = store.get(sessionId);
        if (summary == null) {
            throw unknown(access, sessionId, read, "unknown session '" + sessionId + "'");
        }
        return summary;
    }

    /**
     * 404 from the partition's owner once it has caught up. 503 from a standby copy (the owner is moving): a standby
     * may not have caught up with a session the owner already knows. 503 too from an owner still working off the
     * input that had arrived when its task started (a restart, a move, a crash that rolled its stores back to the
     * last commit): a session answered before may not be back yet. Neither "unknown" is an answer.
     */
    private static ApiException unknown(final StoreAccess access, final String sessionId,
                                        final SessionRouter.LocalRead read, final String detail) {
        if (read.stale()) {
            return ApiException.unavailable("session '" + sessionId + "' is not in the standby copy read while its "
                    + "partition moves; retry");
        }
        if (access.catchingUp(read.partition())) {
            return ApiException.unavailable("session '" + sessionId + "' is not known yet: partition "
                    + read.partition() + " is still working off the input that had arrived when its task started "
                    + "on this instance; retry");
        }
        return ApiException.notFound(detail);
    }

    private SessionLatencies readLatencies(final String sessionId, final SessionRouter.LocalRead read) {
        final ReadOnlyKeyValueStore<Bytes, LatencySketches> store = access.partition(Registry.SESSION_LATENCY,
                read.partition(), read.stale());
        return CorrelationStores.readLatencies(store, sessionId);
    }

    static Set<Stage> telemetryStages(final String type) {
        if (type == null) {
            return null;
        }
        switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "order":
                return EnumSet.of(Stage.SUBMIT);
            case "gate":
                return EnumSet.of(Stage.GATE_PASS, Stage.RISK_BLOCK);
            default:
                final Stage stage = Stage.fromLabel(type);
                if (stage == null) {
                    throw ApiException.badRequest("type must be a stage (intent, submit, ack, fill, cancel, "
                            + "risk_block, gate_pass, error, signal) or order / gate, was '" + type + "'");
                }
                return EnumSet.of(stage);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> symbols(final Map<String, Object> item) {
        final Object symbols = item.get("symbols");
        return symbols instanceof java.util.Collection<?> c ? new ArrayList<>((java.util.Collection<String>) c)
                : List.of();
    }

    private static double number(final Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    /** Position after the last session of a page: (last event time, session id), newest first. */
    record SessionCursor(long lastTsMicros, String sessionId) {

        static SessionCursor of(final Map<String, Object> item) {
            return new SessionCursor(((Number) item.get("last_ts_micros")).longValue(),
                    (String) item.get("session_id"));
        }

        /** The {@value #SCANNED_TO} of a local answer, null when absent. */
        @SuppressWarnings("unchecked")
        static SessionCursor fromJson(final Object value) {
            return value instanceof Map<?, ?> map ? of((Map<String, Object>) map) : null;
        }

        Map<String, Object> json() {
            final Map<String, Object> json = new LinkedHashMap<>();
            json.put("last_ts_micros", lastTsMicros);
            json.put("session_id", sessionId);
            return json;
        }

        /** The position's key in the sessions index: list order is its byte order. */
        Bytes key() {
            return SessionsIndex.key(lastTsMicros, sessionId);
        }

        /** The one earlier in list order; a null is no position. */
        static SessionCursor earlier(final SessionCursor a, final SessionCursor b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            return a.key().compareTo(b.key()) <= 0 ? a : b;
        }

        String encode() {
            return CURSOR_ENCODER.encodeToString((lastTsMicros + ":" + sessionId).getBytes(StandardCharsets.UTF_8));
        }

        static SessionCursor decode(final String text) {
            try {
                final String plain = new String(CURSOR_DECODER.decode(text), StandardCharsets.UTF_8);
                final int colon = plain.indexOf(':');
                if (colon > 0) {
                    return new SessionCursor(Long.parseLong(plain.substring(0, colon)), plain.substring(colon + 1));
                }
            } catch (final IllegalArgumentException e) {
                // reported below (NumberFormatException is an IllegalArgumentException)
            }
            throw ApiException.badRequest("malformed cursor");
        }
    }
}
