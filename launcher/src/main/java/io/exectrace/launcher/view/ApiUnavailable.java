package io.exectrace.launcher.view;

/** The exectrace API could not be reached or could not answer (exit code 3, like an unreachable broker). */
public final class ApiUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ApiUnavailable(final String message, final Throwable cause) {
        super(message, cause);
    }
}
