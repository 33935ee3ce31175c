package io.exectrace.producer;

import io.exectrace.events.VenueFill;
import io.exectrace.events.VenueFillEntry;
import io.exectrace.events.VenueFillJson;
import io.exectrace.events.VenueFillResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends venue fills read from files: each valid fill to the fills topic in the generic form
 * ({@link VenueFillJson}), keyed by its venue order id, in venue time order across the files (Kraken lists the
 * newest first; in time order an order's fills lie on their partition as they happened); each invalid entry to the
 * dead-letter topic ({@link VenueFillDeadLetters}), byte for byte.
 *
 * <p>Records carry no timestamp of their own: Kafka stamps them when sent, the arrival clock a later
 * reconciliation window runs on; the venue's execution time is the value's {@code ts}.
 *
 * <p>The producer, not the pipeline, dead-letters a file's bad entries: a Kraken export is one document, not
 * records, so a bad trade in it only shows while it is converted, and the fills topic then holds nothing but the
 * generic form. Records that other writers put on the topic are the pipeline's to check, with the same parser.
 */
public final class VenueFillImporter {
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String dlqTopic;

    public VenueFillImporter(final Producer<String, byte[]> producer, final String topic, final String dlqTopic) {
        this.producer = producer;
        this.topic = topic;
        this.dlqTopic = dlqTopic;
    }

    /**
     * Sends every entry of the files and flushes.
     *
     * @throws DeliveryProblem when the cluster did not acknowledge every record
     */
    public VenueFillSummary send(final List<VenueFillFile> files) {
        final long started = System.nanoTime();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        final Callback delivery = (metadata, exception) -> {
            if (exception != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, exception);
            }
        };
        final List<VenueFill> fills = new ArrayList<>();
        final SortedMap<String, Long> deadLettered = new TreeMap<>();
        long records = 0;
        for (final VenueFillFile file : files) {
            for (final VenueFillEntry entry : file.entries()) {
                if (entry.result() instanceof VenueFillResult.Valid valid) {
                    fills.add(valid.fill());
                } else {
                    producer.send(VenueFillDeadLetters.of(dlqTopic, file, entry), delivery);
                    deadLettered.merge(((VenueFillResult.Invalid) entry.result()).reason().label(), 1L, Long::sum);
                    records++;
                }
            }
        }
        // A stable sort: fills of the same microsecond keep their file order.
        fills.sort(Comparator.comparingLong(VenueFill::tsMicros));
        for (final VenueFill fill : fills) {
            producer.send(new ProducerRecord<>(topic, fill.venueOrderId(), VenueFillJson.write(fill)), delivery);
            records++;
        }
        producer.flush();
        if (firstFailure.get() != null) {
            throw new DeliveryProblem(failed.get() + " of " + records + " records were not delivered to " + topic
                    + " / " + dlqTopic + ": " + firstFailure.get().getMessage(), firstFailure.get());
        }
        return new VenueFillSummary(files.size(), fills.size(), deadLettered, System.nanoTime() - started);
    }
}
