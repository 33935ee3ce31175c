package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.IsoTimestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the viewer from a running exectrace API ({@code GET /api/sessions}, {@code /api/sessions/{id}},
 * {@code /timeline}, {@code /chains}), paging with the API's cursor. Filters go to the API as query parameters and
 * are applied again here, so the output equals the file viewer's even where the API filters less (several
 * stages at once).
 */
final class ApiView implements ViewSource {
    static final int PAGE = 1_000;

    private final ApiClient api;

    ApiView(final ApiClient api) {
        this.api = api;
    }

    @Override
    public long timeline(final ViewQuery query, final RowSink sink) {
        final String stage = query.stages() != null && query.stages().size() == 1
                ? query.stages().iterator().next().label() : null;
        for (final String session : sessions(query)) {
            final boolean more = pages("/api/sessions/" + ApiClient.segment(session) + "/timeline", "events",
                    ApiClient.params("stage", stage, "symbol", query.symbol(),
                            "from", time(query.fromMicros(), ViewQuery.NO_FROM),
                            "to", time(query.toMicros(), ViewQuery.NO_TO)),
                    e -> !query.matchesEvent(e) || sink.row((ObjectNode) e));
            if (!more) {
                break;
            }
        }
        return 0;
    }

    @Override
    public List<ObjectNode> summaries(final ViewQuery query) {
        if (query.hasTimeRange()) {
            throw new IllegalArgumentException("--from/--to with --summary need --path: the API summarises whole "
                    + "sessions");
        }
        final List<ObjectNode> summaries = new ArrayList<>();
        if (query.session() != null) {
            summaries.add((ObjectNode) api.get("/api/sessions/" + ApiClient.segment(query.session()), Map.of()));
        } else {
            pages("/api/sessions", "sessions", ApiClient.params("symbol", query.symbol()),
                    s -> summaries.add((ObjectNode) s));
        }
        summaries.sort(Comparator.comparing(s -> s.path("session_id").asText("")));
        return summaries;
    }

    @Override
    public void chains(final ViewQuery query, final RowSink sink) {
        for (final String session : sessions(query)) {
            final boolean more = pages("/api/sessions/" + ApiClient.segment(session) + "/chains", "chains",
                    ApiClient.params("outcome", query.outcome() == null ? null : query.outcome().label(),
                            "symbol", query.symbol()),
                    c -> !query.matchesChain(c) || sink.row((ObjectNode) c));
            if (!more) {
                return;
            }
        }
    }

    @Override
    public CheckReport check(final ViewQuery query, final double maxInvalidRate) {
        final List<ObjectNode> summaries = summaries(query);
        final List<Finding> findings = new ArrayList<>();
        long records = 0;
        for (final ObjectNode s : summaries) {
            records += s.path("records").asLong();
            findings.addAll(SummaryGates.findings(s, maxInvalidRate));
        }
        return new CheckReport(findings, summaries.size(), records);
    }

    private List<String> sessions(final ViewQuery query) {
        if (query.session() != null) {
            return List.of(query.session());
        }
        final List<String> ids = new ArrayList<>();
        pages("/api/sessions", "sessions", ApiClient.params("symbol", query.symbol()),
                s -> ids.add(s.path("session_id").asText()));
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /** Visits every item of every page until the visitor says stop; false when it did. */
    private boolean pages(final String path, final String field, final Map<String, String> params,
                          final ItemVisitor visitor) {
        String cursor = null;
        do {
            final Map<String, String> page = new LinkedHashMap<>(params);
            page.put("limit", Integer.toString(PAGE));
            if (cursor != null) {
                page.put("cursor", cursor);
            }
            final JsonNode body = api.get(path, page);
            final JsonNode items = body.isArray() ? body : body.has(field) ? body.get(field) : body.path("items");
            for (final JsonNode item : items) {
                if (!visitor.visit(item)) {
                    return false;
                }
            }
            final JsonNode next = body.path("next_cursor");
            cursor = next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
        } while (cursor != null);
        return true;
    }

    private static String time(final long micros, final long absent) {
        return micros == absent ? null : IsoTimestamp.format(micros);
    }

    /** Takes one item of a list answer; false to stop. */
    private interface ItemVisitor {
        boolean visit(JsonNode item);
    }
}
