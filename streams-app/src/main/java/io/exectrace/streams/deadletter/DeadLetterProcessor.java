package io.exectrace.streams.deadletter;

import io.exectrace.events.ParseResult;
import io.exectrace.streams.ingest.ParsedRecord;
import io.exectrace.streams.metrics.PipelineMetrics;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns an invalid input record back into its raw bytes for the dead-letter topic, adding {@link DlqHeaders} that
 * say why and where it came from, and counts it in total and per reason in the {@code parse-errors} store.
 */
public final class DeadLetterProcessor implements FixedKeyProcessor<byte[], ParsedRecord, byte[]> {

    private final String totalsStoreName;
    private final PipelineMetrics metrics;
    private FixedKeyProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, Long> totals;

    public DeadLetterProcessor(final String totalsStoreName, final PipelineMetrics metrics) {
        this.totalsStoreName = totalsStoreName;
        this.metrics = metrics;
    }

    @Override
    public void init(final FixedKeyProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.totals = context.getStateStore(totalsStoreName);
    }

    @Override
    public void process(final FixedKeyRecord<byte[], ParsedRecord> record) {
        final ParseResult.Invalid invalid = (ParseResult.Invalid) record.value().result();
        final String reason = invalid.reason().label();
        final Headers headers = new RecordHeaders(record.headers().toArray());
        DlqHeaders.add(headers, DlqHeaders.REASON, reason);
        DlqHeaders.add(headers, DlqHeaders.DETAIL, invalid.detail());
        context.recordMetadata().ifPresent(source -> addSource(headers, source));
        DlqHeaders.add(headers, DlqHeaders.SOURCE_TIMESTAMP, Long.toString(record.timestamp()));
        increment(ParseErrorTotals.TOTAL);
        increment(reason);
        metrics.parseError(invalid.reason());
        context.forward(record.withValue(record.value().raw()).withHeaders(headers));
    }

    private static void addSource(final Headers headers, final RecordMetadata source) {
        DlqHeaders.add(headers, DlqHeaders.SOURCE_TOPIC, source.topic());
        DlqHeaders.add(headers, DlqHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        DlqHeaders.add(headers, DlqHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
    }

    private void increment(final String key) {
        final Long current = totals.get(key);
        totals.put(key, current == null ? 1L : current + 1L);
    }
}
