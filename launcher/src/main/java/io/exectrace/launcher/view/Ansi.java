package io.exectrace.launcher.view;

/** Terminal colours, or none: colours only when stdout is a terminal and {@code NO_COLOR} is unset. */
record Ansi(boolean on) {
    static final Ansi OFF = new Ansi(false);

    /** Colours for a real terminal (System.console() present) unless NO_COLOR is set or --no-color given. */
    static Ansi detect(final boolean noColorOption) {
        final String noColor = System.getenv("NO_COLOR");
        return new Ansi(!noColorOption && System.console() != null && (noColor == null || noColor.isEmpty()));
    }

    String red(final String s) {
        return wrap("31", s);
    }

    String green(final String s) {
        return wrap("32", s);
    }

    String yellow(final String s) {
        return wrap("33", s);
    }

    String blue(final String s) {
        return wrap("34", s);
    }

    String cyan(final String s) {
        return wrap("36", s);
    }

    String bold(final String s) {
        return wrap("1", s);
    }

    String dim(final String s) {
        return wrap("2", s);
    }

    private String wrap(final String code, final String s) {
        return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }

    /** The colour of a stage or outcome label: trouble red, success green, the rest neutral. */
    String label(final String label) {
        return switch (label) {
            case "fill", "filled" -> green(label);
            case "risk_block", "error", "risk_blocked", "missing_fill", "missing_order" -> red(label);
            case "cancel", "cancelled", "partially_filled" -> yellow(label);
            case "submit", "ack" -> blue(label);
            case "intent" -> cyan(label);
            default -> label;
        };
    }
}
