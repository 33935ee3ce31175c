package io.exectrace.streams.health;

import io.exectrace.events.Side;
import io.exectrace.streams.correlation.StuckOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The alert conditions of the metrics contract, as pure functions of counts and times. A window alert fires when
 * a closed 5-minute window breaches and the window one minute earlier did not, so a sustained condition fires once
 * per episode, not once per hop.
 */
public final class AlertRules {

    /** Error rate and parse-error rate threshold: 10 %. */
    static final double RATE_THRESHOLD = 0.10;
    /** A feed gap is two consecutive events more than one hour apart. */
    static final long FEED_GAP_MICROS = 3_600_000_000L;
    private static final double LATENCY_THRESHOLD_SECONDS = HealthCounts.SLOW_INTENT_TO_FILL_MICROS / 1e6;

    private final long minEvents;

    AlertRules(final long minEvents) {
        this.minEvents = minEvents;
    }

    List<Alert> evaluate(final String session, final String mode, final HealthWindows.ClosedWindow window) {
        final List<Alert> alerts = new ArrayList<>(1);
        final HealthCounts now = window.counts();
        final HealthCounts before = window.previous();
        if (errorRateBreached(now) && !errorRateBreached(before)) {
            alerts.add(windowAlert(AlertType.ERROR_RATE, session, mode, window, now.errorRate(), RATE_THRESHOLD,
                    "ratio", String.format(Locale.ROOT, "%d of %d events in 5 min were errors", now.errors(),
                            now.events())));
        }
        if (parseErrorRateBreached(now) && !parseErrorRateBreached(before)) {
            alerts.add(windowAlert(AlertType.PARSE_ERROR_RATE, session, mode, window, now.parseErrorRate(),
                    RATE_THRESHOLD, "ratio", String.format(Locale.ROOT,
                            "%d of %d records in 5 min were invalid", now.parseErrors(), now.records())));
        }
        if (now.p95IntentToFillAboveThreshold() && !before.p95IntentToFillAboveThreshold()) {
            alerts.add(windowAlert(AlertType.LATENCY_P95, session, mode, window,
                    now.p95IntentToFillMicros() / 1e6, LATENCY_THRESHOLD_SECONDS, "seconds",
                    String.format(Locale.ROOT, "%d of %d chains took more than 10 s from intent to first fill%s",
                            now.intentToFillSlow(), now.intentToFillSamples(),
                            now.p95IntentToFillExact() ? "" : "; value is a lower bound of the p95")));
        }
        return alerts;
    }

    /** A gap alert when two consecutive events of a session (arrival order) are more than an hour apart. */
    static Alert feedGap(final String session, final String mode, final long previousMicros, final long tsMicros) {
        final long gap = tsMicros - previousMicros;
        if (gap <= FEED_GAP_MICROS) {
            return null;
        }
        final long previousMillis = Math.floorDiv(previousMicros, 1_000L);
        final long millis = Math.floorDiv(tsMicros, 1_000L);
        return new Alert(AlertType.FEED_GAP, session, mode, previousMillis, millis, gap / 1e6,
                FEED_GAP_MICROS / 1e6, "seconds", millis,
                String.format(Locale.ROOT, "no event for %.0f s between two consecutive events", gap / 1e6), -1L);
    }

    /** The "no events" alert for a live session that has been silent since its last arrival. */
    static Alert noEvents(final String session, final SessionWatch watch, final long wallClockNowMs,
                          final long idleMs) {
        final double silentSeconds = (wallClockNowMs - watch.wallClockLastArrivalMs()) / 1e3;
        return new Alert(AlertType.NO_EVENTS, session, watch.mode() == null ? HealthKey.UNKNOWN_MODE : watch.mode(),
                -1L, -1L, silentSeconds, idleMs / 1e3, "seconds", Math.max(watch.clockMillis(), 0L),
                String.format(Locale.ROOT, "live session silent for %.0f s of wall-clock time", silentSeconds),
                wallClockNowMs);
    }

    /** The missing-fill alert for the first chain of a session closed as missing_fill in a minute. */
    static Alert missingFill(final String session, final String mode, final long chainMillis,
                             final String describedChain) {
        final long minute = HealthWindows.minuteStart(chainMillis);
        return new Alert(AlertType.MISSING_FILL, session, mode, minute, minute + HealthWindows.MINUTE_MS, 1, 0,
                "count", chainMillis, "order without fill within the order timeout: " + describedChain, -1L);
    }

    /**
     * The reconciliation-mismatch alert for a live session's first difference with the venue in a minute of
     * fill time: {@code fillMillis} is the fill's time, {@code detectedAtMillis} the wall clock of the decision.
     */
    public static Alert reconciliationMismatch(final String session, final String mode, final long fillMillis,
                                               final String detail, final long detectedAtMillis) {
        final long minute = HealthWindows.minuteStart(fillMillis);
        return new Alert(AlertType.RECONCILIATION_MISMATCH, session, mode, minute, minute + HealthWindows.MINUTE_MS,
                1, 0, "count", fillMillis, detail, detectedAtMillis);
    }

    /**
     * The stuck-order alert for an order open longer than the stuck-order time: its value is the order's age (the
     * larger of event-clock and arrival-clock age).
     */
    public static Alert stuckOrder(final StuckOrder order) {
        final String mode = order.mode() == null ? HealthKey.UNKNOWN_MODE : order.mode();
        final String ids = order.orderId() != null ? "order " + order.orderId()
                : order.brokerOrderId() != null ? "broker order " + order.brokerOrderId() : "an order";
        final String what = order.symbol() == null ? ids : ids + " (" + order.symbol()
                + (order.side() == Side.UNKNOWN ? "" : " " + order.side().name().toLowerCase(Locale.ROOT)) + ")";
        return new Alert(AlertType.STUCK_ORDER, order.sessionId(), mode, -1L, -1L, order.ageMillis() / 1e3,
                order.thresholdMillis() / 1e3, "seconds", order.recordTsMillis(),
                String.format(Locale.ROOT, "%s open for %.1f s without fill, cancel or reject%s", what,
                        order.ageMillis() / 1e3, order.fills() > 0 ? " (partially filled: " + order.fills()
                                + " fill(s))" : ""),
                order.detectedAtMillis());
    }

    private boolean errorRateBreached(final HealthCounts counts) {
        return counts.events() >= minEvents && counts.errorRate() > RATE_THRESHOLD;
    }

    private boolean parseErrorRateBreached(final HealthCounts counts) {
        return counts.records() >= minEvents && counts.parseErrorRate() > RATE_THRESHOLD;
    }

    private static Alert windowAlert(final AlertType type, final String session, final String mode,
                                     final HealthWindows.ClosedWindow window, final double value,
                                     final double threshold, final String unit, final String detail) {
        return new Alert(type, session, mode, window.startMillis(), window.endMillis(), value, threshold, unit,
                window.endMillis(), detail, -1L);
    }
}
