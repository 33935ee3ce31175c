package io.exectrace.producer;

/** A problem with the user's input (a missing file, an unreadable folder): reported as one line, no stack trace. */
public final class InputProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputProblem(final String message) {
        super(message);
    }

    public InputProblem(final String message, final Throwable cause) {
        super(message, cause);
    }
}
