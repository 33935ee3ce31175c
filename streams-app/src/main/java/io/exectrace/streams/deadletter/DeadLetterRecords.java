package io.exectrace.streams.deadletter;

import io.exectrace.streams.config.ProcessingErrorPolicy;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds the dead-letter record the exception handlers send: the source record's raw key and value as they were
 * read, its headers, and {@link DlqHeaders} naming the failure and the record's coordinates. Shared by the three
 * handlers so every DLQ record looks the same whatever failed.
 */
public final class DeadLetterRecords {

    /** Handler configuration key carrying the dead-letter topic (set by {@link #configureHandlers}). */
    static final String DLQ_TOPIC_CONFIG = "exectrace.dlq.topic";
    /** Handler configuration key carrying the {@link ProcessingErrorPolicy}. */
    static final String POLICY_CONFIG = "exectrace.processing.error.policy";
    private static final int MAX_DETAIL = 300;

    private final String topic;
    private final ProcessingErrorPolicy policy;

    private DeadLetterRecords(final String topic, final ProcessingErrorPolicy policy) {
        this.topic = topic;
        this.policy = policy;
    }

    /**
     * Installs the three dead-letter exception handlers in Kafka Streams properties, with the dead-letter topic and
     * the policy they act on.
     */
    public static void configureHandlers(final Properties props, final String dlqTopic,
                                         final ProcessingErrorPolicy policy) {
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProcessingExceptionHandler.class.getName());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationExceptionHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterProductionExceptionHandler.class.getName());
        props.put(DLQ_TOPIC_CONFIG, dlqTopic);
        props.put(POLICY_CONFIG, policy.name());
    }

    static DeadLetterRecords from(final Map<String, ?> configs) {
        final Object topic = configs.get(DLQ_TOPIC_CONFIG);
        final Object policy = configs.get(POLICY_CONFIG);
        return new DeadLetterRecords(topic == null ? null : topic.toString(),
                policy == null ? ProcessingErrorPolicy.DLQ : ProcessingErrorPolicy.valueOf(policy.toString()));
    }

    ProcessingErrorPolicy policy() {
        return policy;
    }

    String topic() {
        return topic;
    }

    /** The DLQ record for the policy: one record under {@code DLQ}, none otherwise or when nothing can be sent. */
    List<ProducerRecord<byte[], byte[]>> forPolicy(final ErrorHandlerContext context, final byte[] rawKey,
                                                   final byte[] rawValue, final String reason,
                                                   final Exception exception) {
        if (policy != ProcessingErrorPolicy.DLQ || topic == null || (rawKey == null && rawValue == null)) {
            return List.of();
        }
        final Headers headers = new RecordHeaders(context.headers() == null ? new RecordHeaders().toArray()
                : context.headers().toArray());
        DlqHeaders.add(headers, DlqHeaders.REASON, reason);
        DlqHeaders.add(headers, DlqHeaders.DETAIL, describe(exception));
        DlqHeaders.add(headers, DlqHeaders.SOURCE_TOPIC, context.topic());
        DlqHeaders.add(headers, DlqHeaders.SOURCE_PARTITION, Integer.toString(context.partition()));
        DlqHeaders.add(headers, DlqHeaders.SOURCE_OFFSET, Long.toString(context.offset()));
        DlqHeaders.add(headers, DlqHeaders.SOURCE_TIMESTAMP, Long.toString(context.timestamp()));
        DlqHeaders.add(headers, DlqHeaders.PROCESSOR, context.processorNodeId());
        return List.of(new ProducerRecord<>(topic, null, rawKey, rawValue, headers));
    }

    /** {@code topic-partition@offset (node)}, the coordinates every log line about a failed record carries. */
    static String coordinates(final ErrorHandlerContext context) {
        return context.topic() + "-" + context.partition() + "@" + context.offset() + " (node "
                + context.processorNodeId() + ", task " + context.taskId() + ")";
    }

    static String describe(final Exception exception) {
        final String text = exception.getClass().getName()
                + (exception.getMessage() == null ? "" : ": " + exception.getMessage());
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL);
    }
}
