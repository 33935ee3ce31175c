package io.exectrace.streams.deadletter;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Header names on dead-letter records; every value is UTF-8 text. The original record's headers are kept, these
 * are added. Readers (kcat, the query API) use {@link #text(Headers, String)}.
 */
public final class DlqHeaders {

    /** Why the record is here: a {@code ParseErrorReason} label ({@code invalid_json}, ...) or {@code processing_error}. */
    public static final String REASON = "exectrace.dlq.reason";
    /** A short explanation (the parser's detail, or the exception's class and message). */
    public static final String DETAIL = "exectrace.dlq.detail";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "exectrace.dlq.source.topic";
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = "exectrace.dlq.source.partition";
    /** Offset the record was read from. */
    public static final String SOURCE_OFFSET = "exectrace.dlq.source.offset";
    /** The source record's timestamp, epoch milliseconds. */
    public static final String SOURCE_TIMESTAMP = "exectrace.dlq.source.timestamp";
    /** The processor node that threw (processing errors only). */
    public static final String PROCESSOR = "exectrace.dlq.processor";

    /** Reason of records whose processing threw rather than failed to parse. */
    public static final String PROCESSING_ERROR = "processing_error";
    /** Reason of records that could not be deserialized from an internal topic. */
    public static final String DESERIALIZATION_ERROR = "deserialization_error";

    private DlqHeaders() {
    }

    static void add(final Headers headers, final String name, final String value) {
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** The last value of a header as text, or {@code null}. */
    public static String text(final Headers headers, final String name) {
        final Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
