package io.exectrace.events;

import java.util.Locale;

/**
 * A normalized field a mapping file may fill under {@code fields:}, with how its values are read: ids keep numbers
 * as their text (flagged {@link QualityFlags#NON_STRING_ID}), texts take strings only, numbers take numbers only
 * (else {@link QualityFlags#BAD_NUMBER}), the gate's verdict is {@code decision} ALLOW/BLOCK or {@code passed}
 * true/false. The same readers serve the built-in dialects.
 */
enum MappedField {
    INTENT_ID(Reading.ID, EventDraft.INTENT_ID),
    ORDER_ID(Reading.ID, EventDraft.ORDER_ID),
    BROKER_ORDER_ID(Reading.ID, EventDraft.BROKER_ORDER_ID),
    CORRELATION_ID(Reading.ID, EventDraft.CORRELATION_ID),
    STRATEGY_ID(Reading.ID, EventDraft.STRATEGY),
    EXCHANGE(Reading.TEXT, EventDraft.EXCHANGE),
    ORDER_TYPE(Reading.TEXT, EventDraft.ORDER_TYPE),
    STATUS(Reading.TEXT, EventDraft.STATUS),
    REASON(Reading.TEXT, EventDraft.REASON),
    GATE_NAME(Reading.TEXT, EventDraft.GATE_NAME),
    MESSAGE(Reading.TEXT, EventDraft.MESSAGE),
    QUANTITY(Reading.NUMBER, EventDraft.QUANTITY),
    FILLED_QUANTITY(Reading.NUMBER, EventDraft.FILLED_QUANTITY),
    PRICE(Reading.NUMBER, EventDraft.PRICE),
    LIMIT_PRICE(Reading.NUMBER, EventDraft.LIMIT_PRICE),
    CURRENT_PRICE(Reading.NUMBER, EventDraft.CURRENT_PRICE),
    FILL_PRICE(Reading.NUMBER, EventDraft.FILL_PRICE),
    NOTIONAL(Reading.NUMBER, EventDraft.NOTIONAL),
    FEE(Reading.NUMBER, EventDraft.FEE),
    LATENCY_MS(Reading.NUMBER, EventDraft.LATENCY_MS),
    DECISION(Reading.DECISION, -1),
    PASSED(Reading.PASSED, -1);

    /** How a value is read. */
    enum Reading { ID, TEXT, NUMBER, DECISION, PASSED }

    final Reading reading;
    final int slot;
    private final String label = name().toLowerCase(Locale.ROOT);

    MappedField(final Reading reading, final int slot) {
        this.reading = reading;
        this.slot = slot;
    }

    String label() {
        return label;
    }

    /** The field for its label, or {@code null}. */
    static MappedField of(final String label) {
        for (final MappedField f : values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        return null;
    }
}
