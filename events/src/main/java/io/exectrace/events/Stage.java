package io.exectrace.events;

/** The normalized stage of an execution event, shared by both input dialects (see the event contract). */
public enum Stage {
    SIGNAL,
    INTENT,
    SUBMIT,
    ACK,
    FILL,
    CANCEL,
    RISK_BLOCK,
    GATE_PASS,
    ERROR;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** Lower-case name used in metric labels, JSON and CSV ({@code risk_block}, {@code submit}, ...). */
    public String label() {
        return label;
    }

    /** The stage for a lower-case label, or {@code null} when the label names no stage. */
    public static Stage fromLabel(final String label) {
        if (label == null) {
            return null;
        }
        for (final Stage stage : values()) {
            if (stage.label.equalsIgnoreCase(label)) {
                return stage;
            }
        }
        return null;
    }
}
