package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.streams.correlation.LatencyEdge;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One output column over a row's JSON form.
 *
 * @param header the CSV header / table heading
 * @param width  table width in characters (the last column is never padded), 0 for CSV-only columns
 * @param value  the cell text
 */
record Column(String header, int width, Function<JsonNode, String> value) {

    /** The API's telemetry CSV columns: {@code ts,kind,symbol,session_id,description,details}. */
    static final List<Column> TIMELINE_CSV = List.of(
            text("ts", 0), new Column("kind", 0, e -> e.path("stage").asText("")), text("symbol", 0),
            text("session_id", 0), new Column("description", 0, EventText::description),
            new Column("details", 0, EventText::details));

    /** The terminal timeline: aligned, the description last. */
    static final List<Column> TIMELINE_TABLE = List.of(
            text("ts", 27), new Column("stage", 10, e -> e.path("stage").asText("")), text("symbol", 10),
            text("session_id", 24), new Column("description", 0, EventText::description));

    static final List<Column> CHAINS_CSV = chainsCsv();

    static final List<Column> CHAINS_TABLE = List.of(
            text("first_event_ts", 27), text("session_id", 24), text("symbol", 10), text("side", 4),
            text("outcome", 16), text("intent_id", 14), text("order_id", 14),
            new Column("filled", 12, c -> EventText.number(c.path("filled_quantity")) + "/"
                    + EventText.number(c.path("quantity"))),
            latency(LatencyEdge.INTENT_TO_ORDER, 18), latency(LatencyEdge.ORDER_TO_FILL, 16),
            latency(LatencyEdge.INTENT_TO_FILL, 0));

    private static List<Column> chainsCsv() {
        final List<Column> columns = new ArrayList<>(List.of(
                text("session_id", 0), text("chain_id", 0), text("intent_id", 0), text("order_id", 0),
                text("symbol", 0), text("side", 0), text("outcome", 0), text("close_reason", 0), text("reason", 0),
                number("quantity"), number("filled_quantity"), number("fills"), text("first_event_ts", 0),
                text("close_ts", 0)));
        for (final LatencyEdge edge : LatencyEdge.values()) {
            columns.add(latency(edge, 0));
        }
        return List.copyOf(columns);
    }

    private static Column text(final String field, final int width) {
        return new Column(field, width, n -> {
            final JsonNode v = n.path(field);
            return v.isMissingNode() || v.isNull() ? "" : v.asText();
        });
    }

    private static Column number(final String field) {
        return new Column(field, 0, n -> EventText.number(n.path(field)));
    }

    private static Column latency(final LatencyEdge edge, final int width) {
        return new Column(edge.label() + "_ms", width, c -> EventText.number(c.path("latency_ms").path(edge.label())));
    }
}
