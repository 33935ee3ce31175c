package io.exectrace.streams.config;

/** A configuration value that cannot be used; the message names the key, where it came from and what is wrong. */
public final class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidConfigException(final String message) {
        super(message);
    }

    public InvalidConfigException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
