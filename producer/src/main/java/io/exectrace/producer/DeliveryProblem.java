package io.exectrace.producer;

/** Records were handed to the producer but the cluster did not acknowledge them. */
public final class DeliveryProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeliveryProblem(final String message, final Throwable cause) {
        super(message, cause);
    }
}
