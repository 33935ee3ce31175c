package io.exectrace.streams.deadletter;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record could not be deserialized (the input parser never throws, so in practice a corrupt record on an internal
 * topic): log its coordinates and, by policy, dead-letter it byte for byte and continue.
 */
public final class DeadLetterDeserializationExceptionHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationExceptionHandler.class);

    private DeadLetterRecords deadLetters;

    @Override
    public void configure(final Map<String, ?> configs) {
        this.deadLetters = DeadLetterRecords.from(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        LOG.error("Cannot deserialize record {}-{}@{}; policy {}", record.topic(), record.partition(),
                record.offset(), deadLetters.policy(), exception);
        return switch (deadLetters.policy()) {
            case FAIL -> Response.fail();
            case LOG -> Response.resume();
            case DLQ -> Response.resume(deadLetters.forPolicy(context, record.key(), record.value(),
                    DlqHeaders.DESERIALIZATION_ERROR, exception));
        };
    }
}
