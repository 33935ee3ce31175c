package io.exectrace.launcher.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exectrace.events.IsoTimestamp;
import io.exectrace.events.VenueFill;
import io.exectrace.events.VenueFillEntry;
import io.exectrace.streams.reconciliation.FillFacts;
import io.exectrace.streams.reconciliation.OurOrder;
import io.exectrace.streams.reconciliation.ReconciledFill;
import io.exectrace.streams.reconciliation.ReconciliationReport;
import io.exectrace.streams.reconciliation.ReconciliationResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code view --reconcile --json}: one object per session (counts by result, every decision with both sides' values),
 * then one per venue with the fills that match no order of ours. Amounts are the exact decimals compared.
 */
final class ReconciliationJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final List<FileView.LedgerLine> ledgerLines;
    private final String venueFile;
    private final List<VenueFillEntry> venueEntries;

    /**
     * @param ledgerLines  where each of our fills is, by its arrival
     * @param venueFile    the venue file as named on the command line
     * @param venueEntries the venue file's valid entries, by their arrival
     */
    ReconciliationJson(final List<FileView.LedgerLine> ledgerLines, final String venueFile,
                       final List<VenueFillEntry> venueEntries) {
        this.ledgerLines = ledgerLines;
        this.venueFile = venueFile;
        this.venueEntries = venueEntries;
    }

    ObjectNode session(final String sessionId, final List<ReconciledFill> fills) {
        final ObjectNode node = NODES.objectNode().put("session_id", sessionId);
        final ObjectNode counts = node.putObject("counts");
        ReconciliationReport.counts(fills).forEach((result, n) -> counts.put(result.label(), n));
        final ArrayNode list = node.putArray("fills");
        fills.forEach(f -> list.add(fill(f)));
        return node;
    }

    /** One object per venue, sorted by venue. */
    List<ObjectNode> unknownOrders(final List<ReconciledFill> fills) {
        final Map<String, ArrayNode> byVenue = new TreeMap<>();
        fills.forEach(f -> byVenue.computeIfAbsent(f.venueFill().venue(), k -> NODES.arrayNode()).add(fill(f)));
        final List<ObjectNode> nodes = new ArrayList<>();
        byVenue.forEach((venue, list) -> {
            final ObjectNode node = NODES.objectNode().put("venue", venue);
            node.putObject("counts").put(ReconciliationResult.MISSING_IN_LEDGER.label(), list.size());
            node.set("fills", list);
            nodes.add(node);
        });
        return nodes;
    }

    private ObjectNode fill(final ReconciledFill f) {
        final ObjectNode node = NODES.objectNode().put("result", f.result().label());
        final OurOrder order = f.order();
        node.put("client_order_id", order == null ? null : order.clientOrderId());
        node.put("broker_order_id", order == null ? null : order.brokerOrderId());
        final FillFacts ours = f.match().ours();
        if (ours == null) {
            node.putNull("ours");
        } else {
            final FileView.LedgerLine where = ledgerLines.get((int) ours.arrival());
            final ObjectNode o = node.putObject("ours");
            o.put("ts", IsoTimestamp.format(ours.tsMicros()));
            amounts(o, ours);
            o.put("file", where.file()).put("line", where.line());
        }
        final FillFacts venue = f.match().venue();
        if (venue == null) {
            node.putNull("venue");
        } else {
            final VenueFill v = f.venueFill();
            final ObjectNode o = node.putObject("venue");
            o.put("ts", IsoTimestamp.format(v.tsMicros())).put("venue", v.venue())
                    .put("venue_order_id", v.venueOrderId()).put("client_order_id", v.clientOrderId())
                    .put("trade_id", v.tradeId()).put("symbol", v.symbol())
                    .put("side", v.side().name().toLowerCase(Locale.ROOT));
            amounts(o, venue);
            o.put("fee_currency", v.feeCurrency()).put("file", venueFile)
                    .put("line", venueEntries.get((int) venue.arrival()).line());
        }
        return node;
    }

    private static void amounts(final ObjectNode node, final FillFacts fill) {
        decimal(node, "qty", fill.quantity());
        decimal(node, "price", fill.price());
        decimal(node, "fee", fill.fee());
    }

    private static void decimal(final ObjectNode node, final String field, final BigDecimal value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
