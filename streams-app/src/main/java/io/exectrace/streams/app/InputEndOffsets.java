package io.exectrace.streams.app;

import io.exectrace.streams.config.ExectraceConfig;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input topic's end offsets as the broker gives them to a read-committed reader, asked every
 * {@link #INTERVAL} and remembered with the wall time they were asked at. A task whose input partition has been
 * read up to such an end offset has seen every record that reached the partition before that time; the consumer's
 * lag metric cannot say as much, since it is only as fresh as the stream thread's last poll. The application's
 * committed offsets are asked too: after a restart, a task that has nothing new to read has processed nothing, and
 * its committed offset is what says how far its partition was read.
 */
final class InputEndOffsets implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(100);
    /**
     * An answer older than this says nothing about now: the cluster has not answered since (a broker down, leaders
     * moving), and records may be waiting that neither this nor the stream thread's consumer can see yet.
     */
    static final Duration FRESH_FOR = Duration.ofSeconds(5);
    /** How many answers are kept (the newest one a task has caught up with is the one that counts). */
    private static final int KEPT = 64;
    /** The committed offsets change with the commits (about once a second): asked every this many answers. */
    private static final int COMMITTED_EVERY = 5;
    private static final Logger LOG = LoggerFactory.getLogger(InputEndOffsets.class);

    /** One answer: when it was asked, and the end offset of every input partition then (-1: unknown). */
    record Answer(long askedAtWallMillis, long[] ends) {
    }

    private final Admin admin;
    private final String topic;
    private final int partitions;
    private final ScheduledExecutorService timer;
    private final String groupId;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private volatile long[] committed;
    private boolean warned;
    private long asked;

    InputEndOffsets(final ExectraceConfig config, final int partitions) {
        final Map<String, Object> adminConfig = new HashMap<>(config.kafkaOverrides());
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-input-end-offsets");
        this.admin = Admin.create(adminConfig);
        this.topic = config.inputTopic();
        this.groupId = config.applicationId();
        this.partitions = partitions;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "exectrace-input-end-offsets");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::ask, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void ask() {
        final long askedAt = System.currentTimeMillis();
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            final Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request,
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(2_500, TimeUnit.MILLISECONDS);
            final long[] ends = new long[partitions];
            for (int p = 0; p < partitions; p++) {
                final ListOffsetsResult.ListOffsetsResultInfo info = result.get(new TopicPartition(topic, p));
                ends[p] = info == null ? -1 : info.offset();
            }
            synchronized (answers) {
                answers.addFirst(new Answer(askedAt, ends));
                while (answers.size() > KEPT) {
                    answers.removeLast();
                }
            }
            warned = false;
            if (++asked % COMMITTED_EVERY == 1) {
                committed = committedOffsets();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!warned) {
                LOG.warn("cannot read the end offsets of {}: {}", topic, e.getMessage());
                warned = true;
            }
        }
    }

    /** The group's committed offset of every input partition (-1: none); those of open transactions not yet. */
    private long[] committedOffsets() throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId,
                        new ListConsumerGroupOffsetsOptions().requireStable(false))
                .partitionsToOffsetAndMetadata().get(2_500, TimeUnit.MILLISECONDS);
        final long[] result = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            final OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, p));
            result[p] = offset == null ? -1 : offset.offset();
        }
        return result;
    }

    /**
     * The newest wall time at which partition {@code partition} ended at or before {@code nextOffset} (the next
     * offset its reader will read) or the group's committed offset: every record that reached it before that time
     * has been read.
     * {@link Long#MIN_VALUE} when no remembered answer says so.
     */
    long readUpToAt(final int partition, final long nextOffset) {
        final long next = withCommitted(partition, nextOffset);
        synchronized (answers) {
            for (final Answer answer : answers) {
                final long end = partition < answer.ends().length ? answer.ends()[partition] : -1;
                if (end >= 0 && end <= next) {
                    return answer.askedAtWallMillis();
                }
            }
        }
        return Long.MIN_VALUE;
    }

    /** Whether the newest answer was asked within {@link #FRESH_FOR} before {@code nowWallMillis}. */
    boolean freshAt(final long nowWallMillis) {
        synchronized (answers) {
            final Answer newest = answers.peekFirst();
            return newest != null && nowWallMillis - newest.askedAtWallMillis() <= FRESH_FOR.toMillis();
        }
    }

    /** Whether the newest answer has partition {@code partition} ending after {@code nextOffset} (or the commit). */
    boolean endsAfter(final int partition, final long nextOffset) {
        final long next = withCommitted(partition, nextOffset);
        synchronized (answers) {
            final Answer newest = answers.peekFirst();
            return newest != null && partition < newest.ends().length && newest.ends()[partition] > next;
        }
    }

    private long withCommitted(final int partition, final long nextOffset) {
        final long[] groupCommitted = committed;
        return groupCommitted != null && partition < groupCommitted.length
                ? Math.max(nextOffset, groupCommitted[partition]) : nextOffset;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
