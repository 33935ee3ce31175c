package io.exectrace.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.events.Stage;
import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.correlation.ClosedChain;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.correlation.SessionAnalyzer;
import io.exectrace.events.IsoTimestamp;
import io.exectrace.streams.json.ClosedChainJson;
import io.exectrace.streams.json.ExecutionEventJson;
import io.exectrace.streams.json.SessionSummaryJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A tiny stand-in for the query API (issue 4) in the shapes it answers: the fixtures' lines, keyed as the replay
 * producer keys them, through the {@link SessionAnalyzer} and the shared JSON forms, served over
 * com.sun.net.httpserver. Pages hold at most {@link #PAGE_CAP} items so the viewer's cursor paging is exercised.
 * Endpoints: {@code /api/sessions}, {@code /api/sessions/{id}}, {@code /api/sessions/{id}/timeline},
 * {@code /api/sessions/{id}/chains}; unknown session 404, a bad parameter 400, both with {@code {error, detail}}.
 */
final class ReferenceApi implements AutoCloseable {
    static final int PAGE_CAP = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpServer server;
    private final Map<String, ObjectNode> summaries = new TreeMap<>();
    private final Map<String, List<ExecutionEvent>> timelines = new HashMap<>();
    private final Map<String, List<ObjectNode>> chains = new HashMap<>();

    ReferenceApi(final List<GoldenFixture> fixtures) throws IOException {
        final SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(), this::closed);
        final ExecutionEventParser parser = new ExecutionEventParser();
        final Map<String, Set<Long>> seen = new HashMap<>();
        for (final GoldenFixture fixture : fixtures) {
            for (final byte[] line : fixture.lines()) {
                final ParseResult result = parser.parse(line);
                if (result instanceof ParseResult.Valid v) {
                    final ExecutionEvent e = v.event();
                    analyzer.accept(e.sessionId(), SessionInput.valid(e), 0L);
                    if (seen.computeIfAbsent(e.sessionId(), k -> new HashSet<>()).add(e.fingerprint())) {
                        timelines.computeIfAbsent(e.sessionId(), k -> new ArrayList<>()).add(e);
                    }
                } else if (result instanceof ParseResult.Invalid inv) {
                    final String key = inv.sessionHint() != null ? inv.sessionHint() : fixture.stem();
                    analyzer.accept(key, SessionInput.invalid(inv.reason()), 0L);
                }
            }
        }
        analyzer.closeAll();
        for (final String id : analyzer.sessionIds()) {
            summaries.put(id, SessionSummaryJson.of(analyzer.summary(id), analyzer.latencies(id)));
        }
        timelines.values().forEach(list -> list.sort(Comparator.comparingLong(ExecutionEvent::tsMicros)
                .thenComparingLong(ExecutionEvent::fingerprint)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/sessions", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void closed(final ClosedChain chain) {
        chains.computeIfAbsent(chain.sessionId(), k -> new ArrayList<>()).add(ClosedChainJson.of(chain));
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
            final String[] parts = exchange.getRequestURI().getRawPath().substring("/api/sessions".length())
                    .split("/");
            if ("BAD!".equals(q.get("symbol"))) {
                send(exchange, 400, error("bad_request", "symbol must be a symbol"));
                return;
            }
            if (parts.length <= 1) {
                final List<ObjectNode> all = summaries.values().stream()
                        .filter(s -> !q.containsKey("symbol") || s.path("symbols").toString()
                                .contains("\"" + q.get("symbol") + "\""))
                        .toList();
                send(exchange, 200, page("sessions", all, q));
                return;
            }
            final String id = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            if (!summaries.containsKey(id)) {
                send(exchange, 404, error("not_found", "no session " + id));
                return;
            }
            if (parts.length == 2) {
                send(exchange, 200, summaries.get(id));
            } else if ("timeline".equals(parts[2])) {
                final Stage stage = q.containsKey("stage") ? Stage.fromLabel(q.get("stage")) : null;
                if (q.containsKey("stage") && stage == null) {
                    send(exchange, 400, error("bad_request", "unknown stage " + q.get("stage")));
                    return;
                }
                final long from = q.containsKey("from") ? IsoTimestamp.parseInstant(q.get("from")) : Long.MIN_VALUE;
                final long to = q.containsKey("to") ? IsoTimestamp.parseInstant(q.get("to")) : Long.MAX_VALUE;
                final Predicate<ExecutionEvent> keep = e -> (stage == null || e.stage() == stage)
                        && (!q.containsKey("symbol") || q.get("symbol").equals(e.symbol()))
                        && e.tsMicros() >= from && e.tsMicros() <= to;
                final ObjectNode body = page("events", timelines.get(id).stream().filter(keep)
                        .map(ExecutionEventJson::of).toList(), q);
                send(exchange, 200, body.put("session_id", id));
            } else if ("chains".equals(parts[2])) {
                final List<ObjectNode> list = chains.getOrDefault(id, List.of()).stream()
                        .filter(c -> !q.containsKey("outcome") || q.get("outcome").equals(c.path("outcome").asText()))
                        .filter(c -> !q.containsKey("symbol") || q.get("symbol").equals(c.path("symbol").asText()))
                        .toList();
                send(exchange, 200, page("chains", list, q));
            } else {
                send(exchange, 404, error("not_found", "no such endpoint"));
            }
        }
    }

    private static ObjectNode page(final String field, final List<ObjectNode> all, final Map<String, String> q) {
        final int start = q.containsKey("cursor") ? Integer.parseInt(q.get("cursor")) : 0;
        final int size = Math.min(PAGE_CAP, Integer.parseInt(q.getOrDefault("limit", "100")));
        final int end = Math.min(all.size(), start + size);
        final ObjectNode body = NODES.objectNode();
        final ArrayNode items = body.putArray(field);
        all.subList(start, end).forEach(items::add);
        if (end < all.size()) {
            body.put("next_cursor", Integer.toString(end));
        } else {
            body.putNull("next_cursor");
        }
        return body;
    }

    private static ObjectNode error(final String error, final String detail) {
        return NODES.objectNode().put("error", error).put("detail", detail);
    }

    private static Map<String, String> query(final String raw) {
        final Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (final String pair : raw.split("&")) {
                final int eq = pair.indexOf('=');
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void send(final HttpExchange exchange, final int status, final ObjectNode body)
            throws IOException {
        final byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
