package io.exectrace.streams.ingest;

import io.exectrace.events.ParseResult;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for the input topic: the parsed event's {@code ts} (milliseconds); for an invalid record, which
 * has no usable {@code ts}, the record's own timestamp, and the partition time when even that is missing (a
 * negative timestamp would make Kafka Streams drop the record, and invalid records must reach the DLQ).
 *
 * <p>The record's own timestamp (producer CreateTime or broker LogAppendTime: when it reached the topic) is lost
 * once this returns, so it is stamped on the {@link ParsedRecord} first; the session processor's idle clock runs
 * on it.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(final ConsumerRecord<Object, Object> record, final long partitionTime) {
        final long recordTime = record.timestamp();
        if (record.value() instanceof ParsedRecord parsed) {
            parsed.arrivedAt(recordTime);
            if (parsed.result() instanceof ParseResult.Valid valid) {
                final long eventMillis = valid.event().tsMillis();
                if (eventMillis >= 0) {
                    return eventMillis;
                }
            }
        }
        return recordTime >= 0 ? recordTime : Math.max(partitionTime, 0L);
    }
}
