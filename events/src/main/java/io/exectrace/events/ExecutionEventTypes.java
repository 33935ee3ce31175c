package io.exectrace.events;

import java.util.Locale;

/**
 * Dialect C's {@code event_type} values as stages (the table in fixtures/README.md; {@code dialects/
 * execution_event_v1.yaml} says the same, proved by a test). Case is ignored. A venue's refusal
 * ({@code order_rejected}) is an error that ends its chain, as the contract treats a reject.
 */
final class ExecutionEventTypes {
    private static final String INTENT_PREFIX = "intent_";

    private ExecutionEventTypes() {
    }

    /** The stage of an {@code event_type}, or {@code null} when it names none. */
    static Stage stageOf(final char[] c, final int off, final int len) {
        final String type = new String(c, off, len).toLowerCase(Locale.ROOT);
        return switch (type) {
            case "order_submitted" -> Stage.SUBMIT;
            case "order_acknowledged", "order_acked", "acked" -> Stage.ACK;
            case "order_filled", "order_partially_filled", "partial_fill", "fill" -> Stage.FILL;
            case "order_cancelled", "order_canceled" -> Stage.CANCEL;
            case "order_rejected", "error" -> Stage.ERROR;
            case "risk_blocked" -> Stage.RISK_BLOCK;
            default -> type.startsWith(INTENT_PREFIX) && type.length() > INTENT_PREFIX.length() ? Stage.INTENT : null;
        };
    }
}
