package io.exectrace.events;

/**
 * A symbol map file that cannot be used; the message is one line: {@code FILE:LINE: problem}. An
 * {@link IllegalArgumentException}, so the command line reports it as bad input.
 */
public final class InvalidSymbolMapException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidSymbolMapException(final String message) {
        super(message);
    }

    InvalidSymbolMapException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
