package io.exectrace.launcher;

/** The Kafka cluster named by the user could not be reached in time. */
final class KafkaUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KafkaUnavailable(final String message) {
        super(message);
    }
}
