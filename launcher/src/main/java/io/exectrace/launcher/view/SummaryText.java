package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A session summary, in its JSON form, as a block of aligned text for a terminal. */
final class SummaryText {
    private static final String[] LATENCY_COLUMNS = {"count", "min", "p50", "p90", "p95", "p99", "max"};

    private final PrintWriter out;
    private final Ansi ansi;

    SummaryText(final PrintWriter out, final Ansi ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    void print(final JsonNode s) {
        out.println(ansi.bold("session " + s.path("session_id").asText())
                + (s.path("mode").isTextual() ? "  (mode " + s.path("mode").asText() + ")" : ""));
        field("time range", s.path("first_ts").asText("-") + " -> " + s.path("last_ts").asText("-"));
        final long invalid = s.path("parse_errors").asLong();
        final String rate = s.path("parse_error_rate").isNumber()
                ? Durations.percent(s.path("parse_error_rate").asDouble()) : "-";
        field("records", s.path("records").asLong() + " (" + s.path("events").asLong() + " events, "
                + s.path("duplicates").asLong() + " duplicates, " + invalid + " invalid: error rate "
                + (invalid > 0 ? ansi.red(rate) : rate) + ")");
        for (final JsonNode line : s.path("invalid_lines")) {
            field("", ansi.red(line.path("file").asText() + ":" + line.path("line").asLong()) + " "
                    + line.path("reason").asText() + ": " + line.path("detail").asText());
        }
        field("by stage", pairs(s.path("by_stage")));
        field("symbols", String.join(", ", texts(s.path("symbols"))));
        final List<String> chains = new ArrayList<>();
        s.path("chains_by_outcome").fields().forEachRemaining(e ->
                chains.add(ansi.label(e.getKey()) + " " + e.getValue().asLong()));
        field("chains", (chains.isEmpty() ? "none" : String.join("  ", chains)) + "   (fill rate "
                + ratio(s.path("fill_rate")) + ", reject rate " + ratio(s.path("reject_rate")) + ")");
        final long missing = s.path("missing_fills").asLong();
        field("missing fills", missing > 0 ? ansi.red(Long.toString(missing)) : "0");
        field("errors", s.path("error_events").asLong() + " error events (" + ratio(s.path("error_rate")) + ")");
        if (s.path("risk_blocks").size() > 0) {
            field("risk blocks", pairs(s.path("risk_blocks")));
        }
        latency(s.path("latency_ms"));
        bySymbol(s.path("by_symbol"));
        final List<String> quality = new ArrayList<>();
        s.path("data_quality").fields().forEachRemaining(e -> {
            final String text = e.getKey() + " " + e.getValue().asLong();
            quality.add(e.getValue().asLong() > 0 ? ansi.yellow(text) : text);
        });
        field("data quality", String.join(", ", quality));
        out.println();
    }

    private void latency(final JsonNode latency) {
        if (latency.size() == 0) {
            field("latency ms", "none (no chain with two timed ends)");
            return;
        }
        final StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-16s", "edge"));
        for (final String c : LATENCY_COLUMNS) {
            head.append(String.format(Locale.ROOT, "%10s", c));
        }
        field("latency ms", head.toString());
        latency.fields().forEachRemaining(e -> {
            final StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-16s", e.getKey()));
            for (final String c : LATENCY_COLUMNS) {
                final JsonNode v = e.getValue().path(c);
                row.append(String.format(Locale.ROOT, "%10s", c.equals("count") ? Long.toString(v.asLong())
                        : String.format(Locale.ROOT, "%.1f", v.asDouble())));
            }
            field("", row.toString());
        });
    }

    /**
     * Per symbol: fills, volume, fees, VWAP and the intent-to-fill p95 (what runbook step 2 looks for), then the FIFO
     * PnL: realized (gross, net of fees), open position and its average cost, fills left out.
     */
    private void bySymbol(final JsonNode bySymbol) {
        if (bySymbol.size() == 0) {
            return;
        }
        field("by symbol", String.format(Locale.ROOT, "%-12s%8s%14s%16s%12s%14s%20s", "symbol", "fills", "filled qty",
                "notional", "fees", "vwap", "intent_to_fill p95"));
        bySymbol.fields().forEachRemaining(e -> {
            final JsonNode v = e.getValue();
            final JsonNode p95 = v.path("latency_ms").path("intent_to_fill").path("p95");
            field("", String.format(Locale.ROOT, "%-12s%8d%14s%16s%12s%14s%20s", e.getKey(), v.path("fills").asLong(),
                    EventText.number(v.path("filled_quantity")), String.format(Locale.ROOT, "%.2f",
                            v.path("notional").asDouble()), String.format(Locale.ROOT, "%.2f",
                            v.path("fees").asDouble()), v.path("vwap").isNumber() ? String.format(Locale.ROOT, "%.2f",
                            v.path("vwap").asDouble()) : "-", p95.isNumber() ? String.format(Locale.ROOT, "%.1f",
                            p95.asDouble()) : "-"));
        });
        field("pnl (FIFO)", String.format(Locale.ROOT, "%-12s%16s%12s%16s%14s%14s%9s%9s", "symbol", "realized",
                "fees", "realized net", "position", "avg cost", "pending", "skipped"));
        bySymbol.fields().forEachRemaining(e -> {
            final JsonNode v = e.getValue();
            field("", String.format(Locale.ROOT, "%-12s%16s%12s%16s%14s%14s%9d%9d", e.getKey(),
                    money(v.path("realized_pnl")), money(v.path("fees")), money(v.path("realized_pnl_net")),
                    EventText.number(v.path("position")), money(v.path("average_cost")),
                    v.path("pnl_pending_fills").asLong(), v.path("pnl_skipped_fills").asLong()));
        });
    }

    /** Two decimals, "-" for null (an average cost when flat). */
    private static String money(final JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.2f", v.asDouble()) : "-";
    }

    private void field(final String name, final String value) {
        out.println(String.format(Locale.ROOT, "  %-14s %s", name, value));
    }

    private static String pairs(final JsonNode object) {
        final List<String> parts = new ArrayList<>();
        object.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().asText()));
        return parts.isEmpty() ? "none" : String.join("  ", parts);
    }

    private static List<String> texts(final JsonNode array) {
        final List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static String ratio(final JsonNode rate) {
        return rate.isNumber() ? Durations.percent(rate.asDouble()) : "-";
    }
}
