package io.exectrace.api;

import io.exectrace.streams.app.Registry;
import io.exectrace.streams.health.Alert;
import io.exectrace.streams.health.AlertType;
import io.javalin.http.Context;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * GET /api/alerts: alerts newest first (event time), optionally of one session (routed to its owner) or else of all
 * sessions (fanned out to every instance), filtered by severity and a {@code since} time.
 */
final class AlertEndpoint {

    static final String[] COLUMNS = {"event_ts", "type", "severity", "session_id", "mode", "value", "threshold",
        "unit", "window_start", "window_end", "detail"};
    private static final Comparator<Map<String, Object>> NEWEST_FIRST = Comparator
            .comparingLong((Map<String, Object> a) -> ((Number) a.get("event_ts_ms")).longValue()).reversed()
            .thenComparing(a -> (String) a.get("session_id")).thenComparing(a -> (String) a.get("type"));

    private final StoreAccess access;
    private final SessionRouter router;
    private final FanOut fanOut;
    private final ApiSettings settings;
    private final boolean available;

    AlertEndpoint(final StoreAccess access, final SessionRouter router, final FanOut fanOut,
                  final ApiSettings settings, final boolean available) {
        this.access = access;
        this.router = router;
        this.fanOut = fanOut;
        this.settings = settings;
        this.available = available;
    }

    void list(final Context ctx) throws IOException {
        final QueryParams params = new QueryParams(ctx, settings.maxJsonLimit());
        final QueryParams.Format format = FanOut.isLocalRequest(ctx) ? QueryParams.Format.JSON : params.format();
        final int limit = params.limit(format);
        final String sessionId = params.text("session_id");
        final AlertType.Severity severity = severity(params.text("severity"));
        final long sinceMillis = Math.floorDiv(params.timeMicros("since", 0L), 1000L);
        if (!available) {
            throw new ApiException.NotImplemented("this topology keeps no " + Registry.SESSION_ALERTS.name()
                    + " store; alerts are on the alerts topic only");
        }
        final Instant from = Instant.ofEpochMilli(Math.max(0L, sinceMillis));
        final Instant to = Instant.ofEpochMilli(Long.MAX_VALUE);
        final List<Map<String, Object>> alerts = new ArrayList<>();
        if (sessionId != null) {
            final SessionRouter.LocalRead read = router.route(ctx, Registry.SESSION_ALERTS.name(), sessionId);
            if (read == null) {
                return;
            }
            final ReadOnlyWindowStore<String, Alert> store = access.partition(Registry.SESSION_ALERTS, read.partition(),
                    read.stale());
            try (WindowStoreIterator<Alert> it = store.backwardFetch(sessionId, from, to)) {
                while (it.hasNext() && alerts.size() < limit) {
                    final Alert alert = it.next().value;
                    if (severity == null || alert.severity() == severity) {
                        alerts.add(json(alert));
                    }
                }
            }
        } else {
            final List<Map<String, Object>> local = new ArrayList<>();
            for (final ReadOnlyWindowStore<String, Alert> store : access.localPartitions(Registry.SESSION_ALERTS)) {
                try (KeyValueIterator<Windowed<String>, Alert> it = store.fetchAll(from, to)) {
                    while (it.hasNext()) {
                        final KeyValue<Windowed<String>, Alert> next = it.next();
                        if (severity == null || next.value.severity() == severity) {
                            local.add(json(next.value));
                        }
                    }
                }
            }
            if (FanOut.isLocalRequest(ctx)) {
                local.sort(NEWEST_FIRST);
                ctx.json(Map.of("items", local.subList(0, Math.min(limit, local.size()))));
                return;
            }
            alerts.addAll(fanOut.gather(ctx, Registry.SESSION_ALERTS.name(), () -> local));
        }
        alerts.sort(NEWEST_FIRST);
        final List<Map<String, Object>> page = alerts.subList(0, Math.min(limit, alerts.size()));
        if (format == QueryParams.Format.CSV) {
            Responses.csvAttachment(ctx, "alerts.csv");
            try (CsvWriter csv = new CsvWriter(ctx.outputStream())) {
                csv.row(COLUMNS);
                for (final Map<String, Object> a : page) {
                    csv.text((String) a.get("event_ts")).text((String) a.get("type"))
                            .text((String) a.get("severity")).text((String) a.get("session_id"))
                            .text((String) a.get("mode")).number(((Number) a.get("value")).doubleValue())
                            .number(((Number) a.get("threshold")).doubleValue()).text((String) a.get("unit"))
                            .text((String) a.get("window_start")).text((String) a.get("window_end"))
                            .text((String) a.get("detail")).endRow();
                }
            }
            return;
        }
        final Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", page.size());
        answer.put("alerts", page);
        ctx.json(answer);
    }

    static Map<String, Object> json(final Alert a) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("event_ts", Instant.ofEpochMilli(a.eventTimeMillis()).toString());
        out.put("event_ts_ms", a.eventTimeMillis());
        out.put("type", a.type().label());
        out.put("severity", a.severity().name());
        out.put("session_id", a.sessionId());
        out.put("mode", a.mode());
        out.put("value", a.value());
        out.put("threshold", a.threshold());
        out.put("unit", a.unit());
        out.put("window_start", a.windowStartMillis() < 0 ? null : Instant.ofEpochMilli(a.windowStartMillis())
                .toString());
        out.put("window_end", a.windowEndMillis() < 0 ? null : Instant.ofEpochMilli(a.windowEndMillis()).toString());
        out.put("detail", a.detail());
        out.put("detected_at", a.wallClockDetectedAtMillis() < 0 ? null
                : Instant.ofEpochMilli(a.wallClockDetectedAtMillis()).toString());
        return out;
    }

    private static AlertType.Severity severity(final String text) {
        if (text == null) {
            return null;
        }
        switch (text.toUpperCase(Locale.ROOT)) {
            case "P1":
                return AlertType.Severity.P1;
            case "P2":
                return AlertType.Severity.P2;
            default:
                throw ApiException.badRequest("severity must be P1 or P2, was '" + text + "'");
        }
    }
}
