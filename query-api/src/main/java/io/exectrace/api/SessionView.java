package io.exectrace.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.LatencyEdge;
import io.exectrace.streams.correlation.LatencySketch;
import io.exectrace.streams.correlation.LatencySketches;
import io.exectrace.streams.correlation.SessionLatencies;
import io.exectrace.streams.correlation.SessionSummary;
import io.exectrace.streams.json.SessionSummaryJson;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of a session: the list item, the full summary (field names as in the fixtures' expected files, plus
 * rates, latency percentiles and per-symbol figures) and the latency profile.
 */
final class SessionView {

    /** A session counts as active while it had a record within this wall-clock time (metrics contract). */
    static final long ACTIVE_WINDOW_MILLIS = 5 * 60 * 1000L;
    /** Columns of the sessions CSV. */
    static final String[] LIST_COLUMNS = {"session_id", "mode", "active", "events", "first_ts", "last_ts",
        "symbols", "error_rate", "fill_rate", "closed_chains", "open_chains", "oldest_open_age_ms"};
    private static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};
    private static final String[] QUANTILE_NAMES = {"p50", "p90", "p95", "p99"};

    private SessionView() {
    }

    static boolean active(final SessionSummary s, final long nowMillis) {
        return active(s.idleClosed(), s.lastSeenWallMillis(), nowMillis);
    }

    /** Active: not idle-closed and its last record arrived within {@link #ACTIVE_WINDOW_MILLIS}. */
    static boolean active(final boolean idleClosed, final long lastSeenWallMillis, final long nowMillis) {
        return !idleClosed && nowMillis - lastSeenWallMillis < ACTIVE_WINDOW_MILLIS;
    }

    /** The list item of a session (also the source of one CSV row). */
    static Map<String, Object> listItem(final SessionSummary s, final long nowMillis) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_id", s.sessionId());
        out.put("mode", s.mode());
        out.put("active", active(s, nowMillis));
        out.put("events", s.events());
        out.put("first_ts", ts(s.firstTsMicros()));
        out.put("last_ts", ts(s.lastTsMicros()));
        out.put("last_ts_micros", s.lastTsMicros());
        out.put("symbols", s.symbols());
        out.put("error_rate", rate(s.events() == 0 ? Double.NaN : (double) s.errorEvents() / s.events()));
        out.put("fill_rate", rate(s.fillRate()));
        out.put("closed_chains", s.closedChains());
        out.put("open_chains", s.openChains());
        out.put("oldest_open_age_ms", oldestOpenAgeMillis(s, nowMillis));
        return out;
    }

    /**
     * How long (wall clock) the session's oldest open chain has been open, from the arrival of its first record;
     * null when the session has no open chain or its arrival is unknown.
     */
    private static Long oldestOpenAgeMillis(final SessionSummary s, final long nowMillis) {
        final long arrival = s.oldestOpenArrivalMillis();
        return arrival == SessionSummary.ABSENT ? null : Math.max(0L, nowMillis - arrival);
    }

    /**
     * The full summary of a session: the shared {@link SessionSummaryJson} (the offline viewer prints the same
     * fields) plus the two wall-clock facts only a live API knows, {@code active} and {@code idle_closed}.
     */
    static ObjectNode summary(final SessionSummary s, final SessionLatencies latencies, final long nowMillis) {
        final ObjectNode out = SessionSummaryJson.of(s, latencies);
        out.put("active", active(s, nowMillis));
        out.put("idle_closed", s.idleClosed());
        return out;
    }

    /** Latency percentiles of a session, over all symbols and per symbol. */
    static Map<String, Object> latency(final String sessionId, final SessionLatencies latencies) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_id", sessionId);
        out.put("relative_accuracy", LatencySketch.RELATIVE_ACCURACY);
        out.put("all", profile(latencies.all()));
        final Map<String, Object> bySymbol = new LinkedHashMap<>();
        latencies.bySymbol().forEach((symbol, profile) -> bySymbol.put(symbol, profile(profile)));
        out.put("by_symbol", bySymbol);
        return out;
    }

    /** Per edge with data: count, min, mean, percentiles and max (ms); edges without data left out. */
    static Map<String, Object> profile(final LatencySketches profile) {
        final Map<String, Object> out = new LinkedHashMap<>();
        for (final LatencyEdge edge : LatencyEdge.values()) {
            final LatencySketch sketch = profile.sketch(edge);
            if (sketch == null || sketch.isEmpty()) {
                continue;
            }
            final Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("count", sketch.count());
            figures.put("min", sketch.min());
            figures.put("mean", sketch.mean());
            for (int i = 0; i < QUANTILES.length; i++) {
                figures.put(QUANTILE_NAMES[i], sketch.quantile(QUANTILES[i]));
            }
            figures.put("max", sketch.max());
            out.put(edge.label(), figures);
        }
        return out;
    }

    static String ts(final long micros) {
        return micros == ClosedChain.ABSENT_TS ? null : EventView.iso(micros);
    }

    /** A rate or ratio for JSON: NaN (undefined, e.g. no orders yet) becomes null. */
    static Double rate(final double value) {
        return Double.isNaN(value) ? null : value;
    }
}
