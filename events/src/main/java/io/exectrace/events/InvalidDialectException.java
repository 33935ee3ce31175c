package io.exectrace.events;

/** A dialect mapping that cannot be used; the message is one line: {@code FILE:LINE: problem}. */
public final class InvalidDialectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidDialectException(final String message) {
        super(message);
    }

    InvalidDialectException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
