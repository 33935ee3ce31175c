package io.exectrace.streams.app;

/** The topics could not be created or described at start-up; the message says which broker and what to check. */
public final class TopicProvisioningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TopicProvisioningException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
