package io.exectrace.producer;

import io.exectrace.events.VenueFillEntry;
import io.exectrace.events.VenueFillResult;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead letter of a venue-fills entry that is not a valid fill: its bytes exactly as in the file, keyed by the
 * venue order id when one could be read (as a valid fill would be), else without a key.
 *
 * <p>Headers: {@link #REASON} and {@link #DETAIL} are the names the pipeline's dead letters carry (streams-app's
 * {@code DlqHeaders}; this module cannot depend on it, and a launcher test holds the names equal). The source is a
 * file, not a topic, so the {@code source.topic/partition/offset} headers are replaced by {@link #SOURCE_FILE},
 * {@link #SOURCE_LINE}, {@link #SOURCE_FORMAT} and, for a Kraken trade (whose bytes are its value, not its key),
 * {@link #SOURCE_KEY}.
 */
public final class VenueFillDeadLetters {
    /** Why: a {@code VenueFillErrorReason} label ({@code bad_side}, ...). */
    public static final String REASON = "exectrace.dlq.reason";
    /** A short explanation. */
    public static final String DETAIL = "exectrace.dlq.detail";
    /** The file the entry was read from, as named on the command line. */
    public static final String SOURCE_FILE = "exectrace.dlq.source.file";
    /** The 1-based line of the file where the entry starts. */
    public static final String SOURCE_LINE = "exectrace.dlq.source.line";
    /** The format the file was read in: {@code generic} or {@code kraken-trades}. */
    public static final String SOURCE_FORMAT = "exectrace.dlq.source.format";
    /** The key the entry had in its object: a Kraken trade's id (absent for a JSONL line). */
    public static final String SOURCE_KEY = "exectrace.dlq.source.key";

    private VenueFillDeadLetters() {
    }

    /** The dead letter of an invalid entry of {@code file}. */
    static ProducerRecord<String, byte[]> of(final String topic, final VenueFillFile file, final VenueFillEntry entry) {
        final VenueFillResult.Invalid invalid = (VenueFillResult.Invalid) entry.result();
        final Headers headers = new RecordHeaders();
        add(headers, REASON, invalid.reason().label());
        add(headers, DETAIL, invalid.detail());
        add(headers, SOURCE_FILE, file.path().toString());
        add(headers, SOURCE_LINE, Long.toString(entry.line()));
        add(headers, SOURCE_FORMAT, file.format().label());
        if (entry.key() != null) {
            add(headers, SOURCE_KEY, entry.key());
        }
        return new ProducerRecord<>(topic, null, invalid.orderHint(), entry.raw(), headers);
    }

    private static void add(final Headers headers, final String name, final String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
