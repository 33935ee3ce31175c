package io.exectrace.streams.correlation;

/** What the session processor forwards: a chain that closed, or an order reported as stuck while still open. */
public sealed interface CorrelationOutput permits ClosedChain, StuckOrder {

    /** The session the output belongs to (the output record's key). */
    String sessionId();

    /** Event time (epoch ms) of the output record. */
    long recordTsMillis();
}
