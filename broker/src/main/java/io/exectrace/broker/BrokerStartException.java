package io.exectrace.broker;

/**
 * The embedded Kafka broker could not start; the message says why in one line
 * (for example {@code cannot start Kafka on 127.0.0.1:9092: port already in use}).
 */
public final class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BrokerStartException(String message) {
        super(message);
    }

    BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
