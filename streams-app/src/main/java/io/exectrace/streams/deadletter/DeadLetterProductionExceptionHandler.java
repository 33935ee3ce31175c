package io.exectrace.streams.deadletter;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output record could not be serialized or was refused by the broker. Transient broker errors are retried; a
 * record that can never be written (too large, unserializable) is logged with its source coordinates and, by
 * policy, its source record is dead-lettered, and processing continues. A failure writing to the dead-letter topic
 * itself is logged and dropped, never looped back to it.
 */
public final class DeadLetterProductionExceptionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionExceptionHandler.class);

    private DeadLetterRecords deadLetters;

    @Override
    public void configure(final Map<String, ?> configs) {
        this.deadLetters = DeadLetterRecords.from(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ProducerRecord<byte[], byte[]> record,
                                final Exception exception) {
        if (exception instanceof RetriableException) {
            LOG.warn("Retrying write to {} for source record {}: {}", record.topic(),
                    DeadLetterRecords.coordinates(context), exception.toString());
            return Response.retry();
        }
        return giveUp(context, record.topic(), exception);
    }

    @Override
    public Response handleSerializationError(final ErrorHandlerContext context, final ProducerRecord record,
                                             final Exception exception,
                                             final SerializationExceptionOrigin origin) {
        return giveUp(context, record.topic(), exception);
    }

    private Response giveUp(final ErrorHandlerContext context, final String topic, final Exception exception) {
        LOG.error("Cannot write to {} for source record {}; policy {}", topic,
                DeadLetterRecords.coordinates(context), deadLetters.policy(), exception);
        if (deadLetters.policy() == io.exectrace.streams.config.ProcessingErrorPolicy.FAIL) {
            return Response.fail();
        }
        if (topic.equals(deadLetters.topic())) {
            return Response.resume();
        }
        return Response.resume(deadLetters.forPolicy(context, context.sourceRawKey(), context.sourceRawValue(),
                DlqHeaders.PROCESSING_ERROR, exception));
    }
}
