package io.exectrace.producer;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.events.RecordFingerprint;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the tailer's lines to the input topic, one Kafka transaction a scan, keyed by the line's session id (else
 * the file's stem). The transactional id is fixed per host and checkpoint, so a restarted tailer's producer fences
 * the run it replaces and ends that run's transaction. A scan whose records were all acknowledged commits with the
 * places after it recorded as pending first; a scan with a failed record is aborted and none of its lines count.
 * A line longer than the producer's {@code max.request.size}, or refused by the broker as too large, is skipped
 * and counted.
 */
final class TransactionalSender {
    /** Logs as the tailer it serves. */
    private static final Logger LOG = LoggerFactory.getLogger(LogFolderTailer.class);
    /** Room for the record batch and record headers, key included, within {@code max.request.size}. */
    private static final int RECORD_OVERHEAD = 1024;

    private final String topic;
    private final Properties producerProperties;
    private final int maxLineBytes;
    private final CommitProbe probe;
    private final CheckpointRecorder recorder;
    private final TailCounters counters;
    private final ExecutionEventParser parser = new ExecutionEventParser();
    /** Created by the first scan; replaced after a transaction the cluster left undecided. */
    private volatile Producer<String, byte[]> producer;
    private final AtomicReference<Exception> passFailure = new AtomicReference<>();
    private final AtomicLong passAcknowledged = new AtomicLong();
    /** One record the current scan's transaction holds, once acknowledged. */
    private final AtomicReference<RecordMetadata> passProbe = new AtomicReference<>();

    /**
     * @param producerProperties Kafka producer properties; without a {@code transactional.id}, one derived from
     *                           the host and the checkpoint file is used
     */
    TransactionalSender(final String topic, final Properties producerProperties, final CheckpointRecorder recorder,
                        final TailCounters counters) {
        this.topic = topic;
        this.producerProperties = new Properties();
        this.producerProperties.putAll(producerProperties);
        this.producerProperties.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(recorder.file()));
        this.maxLineBytes = maxRequestSize(this.producerProperties) - RECORD_OVERHEAD;
        this.probe = new CommitProbe(this.producerProperties);
        this.recorder = recorder;
        this.counters = counters;
    }

    /** Stable per host and checkpoint: a restarted tailer fences the run it replaces and ends its transaction. */
    private static String transactionalId(final Path checkpointFile) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        final byte[] where = (host + ":" + checkpointFile).getBytes(StandardCharsets.UTF_8);
        return "exectrace-tail-" + Long.toHexString(RecordFingerprint.of(where, 0, where.length));
    }

    private static int maxRequestSize(final Properties props) {
        final Object value = props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return value == null ? 1024 * 1024 : Integer.parseInt(value.toString().trim());
    }

    boolean connected() {
        return producer != null;
    }

    /** Creates the producer, which ends the transaction a killed run on the same checkpoint left open. */
    void connect() {
        producer = transactionalProducer();
    }

    /** Whether the transaction of a killed run's pending checkpoint committed; asked after {@link #connect()}. */
    boolean committed(final TailCheckpoint.Pending pending) {
        return probe.committed(pending);
    }

    private Producer<String, byte[]> transactionalProducer() {
        final KafkaProducer<String, byte[]> created = new KafkaProducer<>(producerProperties);
        try {
            created.initTransactions();
        } catch (RuntimeException e) {
            created.close(Duration.ZERO);
            throw e;
        }
        return created;
    }

    /** Begins a scan's transaction. */
    void begin() {
        passFailure.set(null);
        passAcknowledged.set(0);
        passProbe.set(null);
        producer.beginTransaction();
    }

    /** True once a record of this scan failed: the scan sends no more and will be aborted. */
    boolean failed() {
        return passFailure.get() != null;
    }

    /** What made this scan fail, or {@code null}. */
    Exception failure() {
        return passFailure.get();
    }

    /** Records of this scan the cluster acknowledged. */
    long acknowledged() {
        return passAcknowledged.get();
    }

    /** Sends the line {@code bytes[from, to)} that starts at byte {@code lineOffset} of the file, unless blank. */
    void send(final TrackedLogFile file, final byte[] bytes, final int from, final int to, final long lineOffset) {
        if (LineFramer.isBlank(bytes, from, to)) {
            return;
        }
        if (to - from > maxLineBytes || file.refused(lineOffset)) {
            LOG.error("{}: the line at byte {} is too large for Kafka ({} bytes); skipped", file.path, lineOffset,
                    to - from);
            counters.skippedLines.incrementAndGet();
            return;
        }
        final byte[] line = Arrays.copyOfRange(bytes, from, to);
        final ParseResult parsed = parser.parse(line);
        final String key;
        final boolean invalid;
        if (parsed instanceof ParseResult.Valid valid) {
            key = valid.event().sessionId();
            invalid = false;
        } else {
            final String hint = ((ParseResult.Invalid) parsed).sessionHint();
            key = hint != null ? hint : file.stem;
            invalid = true;
        }
        final Callback callback = acknowledgement(file, lineOffset, invalid);
        try {
            producer.send(new ProducerRecord<>(topic, key, line), callback);
        } catch (RuntimeException e) {
            counters.failedSends.incrementAndGet();
            file.failedAt(lineOffset);
            passFailure.compareAndSet(null, e);
        }
    }

    /** Counts an acknowledged line, skips one Kafka refuses for good, and marks a failed one for re-sending. */
    private Callback acknowledgement(final TrackedLogFile file, final long lineOffset, final boolean invalid) {
        return (metadata, exception) -> {
            if (exception == null) {
                passProbe.compareAndSet(null, metadata);
                acknowledged(invalid);
            } else if (exception instanceof RecordTooLargeException) {
                // It fails the transaction; the scan is repeated without this line.
                file.refuse(lineOffset);
                counters.failedSends.incrementAndGet();
                passFailure.compareAndSet(null, exception);
            } else {
                counters.failedSends.incrementAndGet();
                file.failedAt(lineOffset);
                passFailure.compareAndSet(null, exception);
            }
        };
    }

    private void acknowledged(final boolean invalid) {
        counters.records.incrementAndGet();
        passAcknowledged.incrementAndGet();
        if (invalid) {
            counters.invalidLines.incrementAndGet();
        }
    }

    /** Waits for the cluster's answer on every record of the scan. */
    void flush() {
        try {
            producer.flush();
        } catch (RuntimeException e) {
            // A producer closed under us (stop with a timeout) aborts its batches; their callbacks failed already.
            passFailure.compareAndSet(null, e);
        }
    }

    /** Commits the scan's transaction, or aborts it when a record failed. */
    void end(final List<TrackedLogFile> order) {
        if (passFailure.get() == null) {
            commit(order);
        } else {
            abort(order);
        }
    }

    /**
     * Commits the scan's transaction with the offsets after it recorded as pending first, so that a crash at any
     * point leaves a checkpoint that tells which offsets hold. A commit that fails is resolved the way a restart
     * resolves it: with a new producer and a look at the probe record.
     */
    private void commit(final List<TrackedLogFile> order) {
        final RecordMetadata record = passProbe.get();
        if (record == null) {
            producer.commitTransaction();
            return;
        }
        final TailCheckpoint.Pending pending;
        try {
            pending = recorder.writePending(record);
        } catch (IOException e) {
            LOG.warn("cannot write checkpoint {}: {}", recorder.file(), e.getMessage());
            passFailure.compareAndSet(null, e);
            abort(order);
            return;
        }
        try {
            producer.commitTransaction();
        } catch (KafkaException e) {
            LOG.warn("commit of the scan's transaction failed ({}); asking the cluster whether it holds", e.toString());
            passFailure.compareAndSet(null, e);
            producer.close(Duration.ZERO);
            producer = transactionalProducer();
            if (!probe.committed(pending)) {
                order.forEach(TrackedLogFile::discardPass);
            }
        }
    }

    /** Aborts the scan's transaction: none of its lines count, whichever were acknowledged. */
    private void abort(final List<TrackedLogFile> order) {
        order.forEach(TrackedLogFile::discardPass);
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            LOG.warn("abort of the scan's transaction failed ({}); starting a new producer", e.toString());
            producer.close(Duration.ZERO);
            producer = transactionalProducer();
        }
    }

    /** Closes the producer at once: its unacknowledged records fail, and the scan waiting on them ends. */
    void closeNow() {
        final Producer<String, byte[]> current = producer;
        if (current != null) {
            current.close(Duration.ZERO);
        }
    }

    void close(final Duration timeout) {
        if (producer != null) {
            producer.close(timeout);
        }
    }
}
