package io.exectrace.events;

/** Order side; {@link #UNKNOWN} when the event does not carry one. */
public enum Side {
    BUY,
    SELL,
    UNKNOWN;

    /** Reads {@code BUY}/{@code SELL} case-insensitively; anything else is {@link #UNKNOWN}. */
    public static Side parse(final String text) {
        if (text == null) {
            return UNKNOWN;
        }
        if (text.equalsIgnoreCase("buy")) {
            return BUY;
        }
        if (text.equalsIgnoreCase("sell")) {
            return SELL;
        }
        return UNKNOWN;
    }
}
