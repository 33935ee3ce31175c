package io.exectrace.streams.venue;

import io.exectrace.events.VenueFill;
import io.exectrace.streams.health.Alert;
import io.exectrace.streams.health.AlertRules;
import io.exectrace.streams.reconciliation.FillFacts;
import java.math.BigDecimal;

/**
 * Which reconciliation differences alert (R-5, {@code reconciliation_mismatch}) and what the alert says. Only live
 * sessions alert: in paper, shadow and backtest modes no real order is at stake (the venue fills compared there come
 * from a sandbox or a replay), so their differences are counted in {@code peak_trade_reconciliation_total} and kept
 * in the session's reconciliation, not alerted.
 */
public final class ReconciliationAlerts {
    /** The mode whose differences alert. */
    static final String LIVE = "live";

    private ReconciliationAlerts() {
    }

    /** Whether a difference passed on by {@link SessionReconciliationRecorder} alerts. */
    public static boolean alerts(final FillDecision decision) {
        return LIVE.equals(decision.mode());
    }

    /** The alert for {@code decision}, a difference of a live session. */
    public static Alert of(final FillDecision decision) {
        return AlertRules.reconciliationMismatch(decision.sessionId(), decision.mode(),
                Math.floorDiv(decision.tsMicros(), 1_000L), describe(decision), decision.decidedMillis());
    }

    /** One sentence: the result, the order, the fills' ids and both sides' values. */
    static String describe(final FillDecision d) {
        final StringBuilder text = new StringBuilder(d.result().label()).append(" on order ")
                .append(d.venueOrderId() == null ? "(no venue order id)" : d.venueOrderId());
        if (d.clientOrderId() != null) {
            text.append(" (client order ").append(d.clientOrderId()).append(')');
        }
        if (d.exchange() != null) {
            text.append(" at ").append(d.exchange());
        }
        if (d.venue() != null) {
            text.append(", venue trade ").append(d.venue().tradeId());
        }
        text.append(": ours ").append(d.ours() == null ? "none" : values(d.ours()));
        text.append(", venue's ").append(d.venue() == null ? "none" : values(d.venue()));
        return text.append("; all of the session's differences: GET /api/sessions/").append(d.sessionId())
                .append("/reconciliation").toString();
    }

    private static String values(final FillFacts fill) {
        return "qty " + plain(fill.quantity()) + " price " + plain(fill.price()) + " fee " + plain(fill.fee());
    }

    private static String values(final VenueFill fill) {
        return "qty " + plain(FillFacts.decimal(fill.quantity())) + " price " + plain(FillFacts.decimal(fill.price()))
                + " fee " + plain(FillFacts.decimal(fill.fee()));
    }

    private static String plain(final BigDecimal value) {
        return value == null ? "?" : value.stripTrailingZeros().toPlainString();
    }
}
