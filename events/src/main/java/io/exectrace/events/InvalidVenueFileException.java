package io.exectrace.events;

/**
 * A venue-fills file that cannot be split into entries at all (a Kraken export that is not JSON, an answer with
 * errors, a JSON array cut short): nothing of it can be sent. The message is one line, {@code line N: problem}. An
 * {@link IllegalArgumentException}, so the command line reports it as bad input.
 */
public final class InvalidVenueFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidVenueFileException(final String message) {
        super(message);
    }

    InvalidVenueFileException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
