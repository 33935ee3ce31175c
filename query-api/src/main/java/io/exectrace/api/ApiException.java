package io.exectrace.api;

/**
 * A request that cannot be answered, with the HTTP status and the JSON error body it maps to. Thrown by handlers
 * for bad input (400), unknown resources (404), missing credentials (401) and stores that are moving (503); the
 * server's exception handler turns it into {@code {"error": ..., "detail": ...}}.
 */
class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final int retryAfterSeconds;

    ApiException(final int status, final String error, final String detail, final int retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiException badRequest(final String detail) {
        return new ApiException(400, "bad_request", detail, 0);
    }

    static ApiException notFound(final String detail) {
        return new ApiException(404, "not_found", detail, 0);
    }

    static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", "a valid bearer token is required", 0);
    }

    /** The stores are not queryable right now (start-up, rebalance); the client should retry. */
    static ApiException unavailable(final String detail) {
        return new ApiException(503, "unavailable", detail, 1);
    }

    /** The deployment lacks what the endpoint reads (501). */
    static final class NotImplemented extends ApiException {
        private static final long serialVersionUID = 1L;

        NotImplemented(final String detail) {
            super(501, "not_implemented", detail, 0);
        }
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String detail() {
        return getMessage();
    }

    /** Seconds for the Retry-After header, 0 for none. */
    int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
