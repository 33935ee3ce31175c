package io.exectrace.streams.deadletter;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A processor (or punctuator) threw: log the record's coordinates and, by policy, send the raw source record to the
 * dead-letter topic and continue ({@code dlq}, default), just continue ({@code log}) or fail the task ({@code fail}).
 * A poison record therefore never kills a stream thread.
 */
public final class DeadLetterProcessingExceptionHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingExceptionHandler.class);

    private DeadLetterRecords deadLetters;

    @Override
    public void configure(final Map<String, ?> configs) {
        this.deadLetters = DeadLetterRecords.from(configs);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final Record<?, ?> record,
                                final Exception exception) {
        LOG.error("Processing failed for record {}; policy {}", DeadLetterRecords.coordinates(context),
                deadLetters.policy(), exception);
        return switch (deadLetters.policy()) {
            case FAIL -> Response.fail();
            case LOG -> Response.resume();
            case DLQ -> Response.resume(deadLetters.forPolicy(context, context.sourceRawKey(),
                    context.sourceRawValue(), DlqHeaders.PROCESSING_ERROR, exception));
        };
    }
}
