package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code view --reconcile} for a terminal, from the JSON form: per session the counts by result and every fill that
 * is not matched with both sides' values, then the venue fills that match no order of ours.
 */
final class ReconciliationText {
    private final PrintWriter out;
    private final Ansi ansi;

    ReconciliationText(final PrintWriter out, final Ansi ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    void session(final JsonNode s) {
        out.println(ansi.bold("session " + s.path("session_id").asText()));
        counts(s.path("counts"));
        unmatched(s.path("fills"));
        out.println();
    }

    void venue(final JsonNode v) {
        out.println(ansi.bold("venue " + v.path("venue").asText()) + ": fills for no order of ours");
        counts(v.path("counts"));
        unmatched(v.path("fills"));
        out.println();
    }

    private void counts(final JsonNode counts) {
        final List<String> parts = new ArrayList<>();
        counts.fields().forEachRemaining(e -> {
            final String text = e.getKey() + " " + e.getValue().asLong();
            parts.add(e.getValue().asLong() == 0 || e.getKey().equals("matched") ? text : ansi.red(text));
        });
        out.println(String.format(Locale.ROOT, "  %-14s %s", "fills", String.join("  ", parts)));
    }

    private void unmatched(final JsonNode fills) {
        for (final JsonNode f : fills) {
            if (f.path("result").asText().equals("matched")) {
                continue;
            }
            final String order = f.path("client_order_id").isTextual() || f.path("broker_order_id").isTextual()
                    ? "order " + text(f.path("client_order_id")) + " / " + text(f.path("broker_order_id"))
                    : "order " + f.path("venue").path("venue_order_id").asText() + " (not ours)";
            out.println(String.format(Locale.ROOT, "  %-18s %s", ansi.red(f.path("result").asText()), order));
            final JsonNode ours = f.path("ours");
            out.println(String.format(Locale.ROOT, "      ours   %s", ours.isObject()
                    ? side(ours) + "  " + ours.path("file").asText() + ":" + ours.path("line").asLong() : "none"));
            final JsonNode venue = f.path("venue");
            out.println(String.format(Locale.ROOT, "      venue  %s", venue.isObject()
                    ? side(venue) + " " + venue.path("fee_currency").asText() + "  trade "
                            + venue.path("trade_id").asText() + "  " + venue.path("file").asText() + ":"
                            + venue.path("line").asLong() : "none"));
        }
    }

    private static String side(final JsonNode fill) {
        return fill.path("ts").asText() + "  qty " + amount(fill.path("qty")) + "  price " + amount(fill.path("price"))
                + "  fee " + amount(fill.path("fee"));
    }

    private static String amount(final JsonNode value) {
        return value.isNumber() ? value.decimalValue().toPlainString() : "-";
    }

    private static String text(final JsonNode value) {
        return value.isTextual() ? value.asText() : "-";
    }
}
