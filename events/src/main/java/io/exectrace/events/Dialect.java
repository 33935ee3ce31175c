package io.exectrace.events;

/** The input dialect an event was written in. */
public enum Dialect {
    /** Telemetry v1: {@code kind} + nested {@code payload}, as Peak_Trade's JSONL logger writes it. */
    TELEMETRY_V1,
    /** Ledger v1: flat fields with {@code run_id} and {@code stage}. */
    LEDGER_V1,
    /** Peak_Trade's {@code execution_event.v1}: {@code schema_version}, epoch-second {@code ts}, {@code event_type}. */
    EXECUTION_EVENT_V1,
    /** A dialect defined by a mapping file of {@code dialects.dir} (see {@link Dialects}). */
    MAPPED;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** Lower-case name, as mapping files and JSON views write it ({@code telemetry_v1}, ...). */
    public String label() {
        return label;
    }
}
