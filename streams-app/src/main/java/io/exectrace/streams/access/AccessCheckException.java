package io.exectrace.streams.access;

/** The cluster could not be asked which ACLs this principal has (unreachable, or the login was refused). */
public final class AccessCheckException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AccessCheckException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
