package io.exectrace.events;

/** The input dialect an event was written in. */
public enum Dialect {
    /** Telemetry v1: {@code kind} + nested {@code payload}, as Peak_Trade's JSONL logger writes it. */
    TELEMETRY_V1,
    /** Ledger v1: flat fields with {@code run_id} and {@code stage}. */
    LEDGER_V1
}
