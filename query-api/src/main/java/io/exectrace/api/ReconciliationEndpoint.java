package io.exectrace.api;

import io.exectrace.events.IsoTimestamp;
import io.exectrace.events.VenueFill;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.reconciliation.FillFacts;
import io.exectrace.streams.reconciliation.ReconciliationResult;
import io.exectrace.streams.venue.FillDecision;
import io.exectrace.streams.venue.SessionReconciliation;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * GET /api/sessions/{id}/reconciliation (a session's reconciliation: counts by result, lag, every decision that is
 * not {@code matched} with both sides' values; JSON, or the decisions as CSV) and GET /api/reconciliation (the venue
 * fills that match no order of ours, per venue, from every instance). With reconciliation off (no venue in
 * {@code reconciliation.venues}) the topology has none of its stores and both answer 404 {@code reconciliation_off}.
 */
final class ReconciliationEndpoint {
    /** CSV columns, one row per decision that is not {@code matched}. */
    static final String[] COLUMNS = {"session_id", "result", "venue_order_id", "client_order_id", "exchange",
        "our_ts", "our_qty", "our_price", "our_fee", "venue_ts", "venue_trade_id", "venue_qty", "venue_price",
        "venue_fee", "venue_fee_currency", "lag_s", "decided_at"};

    private final StoreAccess access;
    private final SessionRouter router;
    private final FanOut fanOut;
    private final boolean reconciling;

    /** {@code reconciling}: whether the running topology reconciles (has the reconciliation stores). */
    ReconciliationEndpoint(final StoreAccess access, final SessionRouter router, final FanOut fanOut,
                           final boolean reconciling) {
        this.access = access;
        this.router = router;
        this.fanOut = fanOut;
        this.reconciling = reconciling;
    }

    /** 404 rather than 501: nothing is missing from the deployment, reconciliation is simply not configured. */
    static ApiException reconciliationOff() {
        return new ApiException(404, "reconciliation_off", "reconciliation is off: no venue is listed in "
                + "reconciliation.venues; set EXECTRACE_RECONCILIATION_VENUES (e.g. kraken,binance) to reconcile "
                + "those venues' fills from the venue-fills topic", 0);
    }

    /** GET /api/sessions/{id}/reconciliation. */
    void session(final Context ctx) throws IOException {
        if (!reconciling) {
            throw reconciliationOff();
        }
        final QueryParams.Format format = new QueryParams(ctx, Integer.MAX_VALUE).format();
        final String sessionId = ctx.pathParam("id");
        final SessionRouter.LocalRead read = router.route(ctx, Registry.SESSION_RECONCILIATION.name(), sessionId);
        if (read == null) {
            return;
        }
        final ReadOnlyKeyValueStore<String, SessionReconciliation> store = access.partition(
                Registry.SESSION_RECONCILIATION, read.partition(), read.stale());
        final SessionReconciliation found = store.get(sessionId);
        final List<FillDecision> differences = found == null ? List.of() : found.differences();
        if (format == QueryParams.Format.CSV) {
            Responses.csvAttachment(ctx, "reconciliation_" + Responses.fileSafe(sessionId) + ".csv");
            try (CsvWriter csv = new CsvWriter(ctx.outputStream())) {
                csv.row(COLUMNS);
                for (final FillDecision d : differences) {
                    row(csv, d);
                }
            }
            return;
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("session_id", sessionId);
        answer.putAll(totals(found));
        final List<Map<String, Object>> items = new ArrayList<>(differences.size());
        differences.forEach(d -> items.add(json(d)));
        answer.put("differences", items);
        answer.put("differences_not_listed", found == null ? 0L : found.differencesDropped());
        ctx.json(answer);
    }

    /**
     * The {@code reconciliation} section of a session's summary: its counts and lag (the differences are at
     * {@code /api/sessions/{id}/reconciliation}); null when reconciliation is off. The section's store is partitioned
     * like the summary's but belongs to another sub-topology, so another instance may own it: then it is asked.
     */
    Map<String, Object> summarySection(final Context ctx, final String sessionId) {
        if (!reconciling) {
            return null;
        }
        final KeyQueryMetadata owner = access.locate(Registry.SESSION_RECONCILIATION.name(), sessionId);
        final Map<String, Object> section = new LinkedHashMap<>();
        final boolean here = access.isSelf(owner.activeHost());
        if (here || owner.standbyHosts().contains(access.self()) && ctx.header(SessionRouter.FORWARDED_HEADER) != null) {
            final ReadOnlyKeyValueStore<String, SessionReconciliation> store = access.partition(
                    Registry.SESSION_RECONCILIATION, owner.partition(), !here);
            section.putAll(totals(store.get(sessionId)));
        } else {
            final JsonNode answer = router.ask(ctx, owner.activeHost(), path(sessionId));
            if (answer == null) {
                section.put("error", "the instance that holds this session's reconciliation (" + owner.activeHost()
                        + ") did not answer");
                return section;
            }
            section.put("decisions", answer.path("decisions"));
            section.put("counts", answer.path("counts"));
            section.put("lag", answer.path("lag"));
        }
        section.put("details", path(sessionId));
        return section;
    }

    private static String path(final String sessionId) {
        return "/api/sessions/" + URLEncoder.encode(sessionId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/reconciliation";
    }

    /** Decisions, counts by result and lag of a session's reconciliation ({@code found} null: none yet). */
    private static Map<String, Object> totals(final SessionReconciliation found) {
        final Map<String, Object> answer = new LinkedHashMap<>();
        final Map<String, Object> counts = new LinkedHashMap<>();
        for (final ReconciliationResult result : ReconciliationResult.values()) {
            counts.put(result.label(), found == null ? 0L : found.count(result));
        }
        final long decisions = found == null ? 0L : found.decisions();
        answer.put("decisions", decisions);
        answer.put("counts", counts);
        final Map<String, Object> lag = new LinkedHashMap<>();
        lag.put("max_s", found == null ? null : found.lagMaxMillis() / 1_000.0);
        lag.put("mean_s", decisions == 0 ? null : found.lagSumMillis() / 1_000.0 / decisions);
        answer.put("lag", lag);
        return answer;
    }

    /** GET /api/reconciliation. */
    void venues(final Context ctx) {
        if (!reconciling) {
            throw reconciliationOff();
        }
        final List<Map<String, Object>> local = new ArrayList<>();
        for (final ReadOnlyKeyValueStore<String, FillDecision> store : access.localPartitions(
                Registry.VENUE_UNMATCHED)) {
            try (KeyValueIterator<String, FillDecision> all = store.all()) {
                while (all.hasNext()) {
                    final KeyValue<String, FillDecision> next = all.next();
                    local.add(json(next.value));
                }
            }
        }
        if (FanOut.isLocalRequest(ctx)) {
            ctx.json(Map.of("items", local));
            return;
        }
        final List<Map<String, Object>> all = new ArrayList<>(
                fanOut.gather(ctx, Registry.VENUE_UNMATCHED.name(), () -> local));
        all.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("exchange"))
                .thenComparing(m -> (String) ((Map<?, ?>) m.get("venue")).get("ts"))
                .thenComparing(m -> (String) ((Map<?, ?>) m.get("venue")).get("trade_id")));
        final Map<String, List<Map<String, Object>>> byVenue = new TreeMap<>();
        all.forEach(m -> byVenue.computeIfAbsent((String) m.get("exchange"), k -> new ArrayList<>()).add(m));
        final List<Map<String, Object>> venues = new ArrayList<>();
        byVenue.forEach((venue, fills) -> {
            final Map<String, Object> v = new LinkedHashMap<>();
            v.put("venue", venue);
            v.put("missing_in_ledger", fills.size());
            v.put("fills", fills);
            venues.add(v);
        });
        ctx.json(Map.of("venues", venues));
    }

    static Map<String, Object> json(final FillDecision d) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", d.result().label());
        out.put("session_id", d.sessionId());
        out.put("venue_order_id", d.venueOrderId());
        out.put("client_order_id", d.clientOrderId());
        out.put("exchange", d.exchange());
        out.put("ours", d.ours() == null ? null : ours(d.ours()));
        out.put("venue", d.venue() == null ? null : venue(d.venue()));
        out.put("lag_s", d.lagMillis() / 1_000.0);
        out.put("decided_at", Instant.ofEpochMilli(d.decidedMillis()).toString());
        return out;
    }

    private static Map<String, Object> ours(final FillFacts f) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", IsoTimestamp.format(f.tsMicros()));
        out.put("qty", f.quantity());
        out.put("price", f.price());
        out.put("fee", f.fee());
        return out;
    }

    private static Map<String, Object> venue(final VenueFill v) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("ts", IsoTimestamp.format(v.tsMicros()));
        out.put("trade_id", v.tradeId());
        out.put("symbol", v.symbol());
        out.put("side", v.side().name());
        out.put("qty", FillFacts.decimal(v.quantity()));
        out.put("price", FillFacts.decimal(v.price()));
        out.put("fee", FillFacts.decimal(v.fee()));
        out.put("fee_currency", v.feeCurrency());
        return out;
    }

    private static void row(final CsvWriter csv, final FillDecision d) {
        final FillFacts o = d.ours();
        final VenueFill v = d.venue();
        csv.text(d.sessionId()).text(d.result().label()).text(d.venueOrderId()).text(d.clientOrderId())
                .text(d.exchange())
                .text(o == null ? null : IsoTimestamp.format(o.tsMicros())).text(o == null ? null : plain(o.quantity()))
                .text(o == null ? null : plain(o.price())).text(o == null ? null : plain(o.fee()))
                .text(v == null ? null : IsoTimestamp.format(v.tsMicros())).text(v == null ? null : v.tradeId())
                .text(v == null ? null : plain(FillFacts.decimal(v.quantity())))
                .text(v == null ? null : plain(FillFacts.decimal(v.price())))
                .text(v == null ? null : plain(FillFacts.decimal(v.fee())))
                .text(v == null ? null : v.feeCurrency()).number(d.lagMillis() / 1_000.0)
                .text(Instant.ofEpochMilli(d.decidedMillis()).toString()).endRow();
    }

    private static String plain(final BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
