package io.exectrace.streams.health;

import java.util.Locale;

/** The alerts of the metrics contract, with their severity. */
public enum AlertType {
    /** A chain closed as missing_fill (first one of a session per minute). */
    MISSING_FILL(Severity.P1),
    /** Error events / all events above 10 % over a closed 5-minute window. */
    ERROR_RATE(Severity.P1),
    /** Parse errors / all records above 10 % over a closed 5-minute window (data corruption). */
    PARSE_ERROR_RATE(Severity.P1),
    /** No record for the idle timeout while the session was being produced live. */
    NO_EVENTS(Severity.P1),
    /** p95 intent_to_fill above 10 s over a closed 5-minute window. */
    LATENCY_P95(Severity.P2),
    /** Two consecutive events of a session (arrival order) more than 1 h apart. */
    FEED_GAP(Severity.P2),
    /** An order open longer than the stuck-order time without fill, cancel or reject (before it is missing_fill). */
    STUCK_ORDER(Severity.P2),
    /**
     * A reconciliation decision other than {@code matched} for a fill of a live session (the first of a session per
     * minute of fill time): our fills and the venue's disagree.
     */
    RECONCILIATION_MISMATCH(Severity.P1);

    /** Escalation level of the runbook. */
    public enum Severity { P1, P2 }

    private final Severity severity;
    private final String label = name().toLowerCase(Locale.ROOT);

    AlertType(final Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    public String label() {
        return label;
    }
}
