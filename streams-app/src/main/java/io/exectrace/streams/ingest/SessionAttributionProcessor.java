package io.exectrace.streams.ingest;

import io.exectrace.events.ParseResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Keys every input by the session it belongs to and decides whether it must be repartitioned.
 *
 * <p>A valid event belongs to its {@code session_id}/{@code run_id}. An invalid record belongs to the session its
 * record key names, else to the parser's session hint, else to none (then it is only in the DLQ and the totals).
 * A record is "at home" when its key already equals that session id and it sits in the partition the default
 * partitioner gives that key; only records that are not (kcat without a key, another partitioner, a wrong key)
 * pay for the repartition topic.
 *
 * <p>Every record is stamped with its input partition, offset and arrival time, and every
 * {@link #PROGRESS_INTERVAL} of wall time the task sends a progress mark of its input partition to every
 * partition of the repartition topic ({@link SessionRekeyPartitioner}): the newest arrival time it has handed on,
 * or, when later, the last time the broker's end of its partition was where the task's reading stands, less the
 * reorder window (a producer may still be delivering records stamped that long before they reach the topic). The reorder stage releases records once every partition's mark has
 * passed them.
 */
public final class SessionAttributionProcessor implements Processor<byte[], ParsedRecord, String, AttributedInput> {

    /** How often a task sends its input partition's progress mark (wall time). */
    public static final Duration PROGRESS_INTERVAL = Duration.ofMillis(100);

    /** Key of progress marks on the repartition topic (they go to every partition, the key routes nothing). */
    public static final String PROGRESS_KEY = "";

    private static final long UNKNOWN = Long.MIN_VALUE;

    private final int inputPartitions;
    private final InputBacklog backlog;
    private final long reorderWindowMillis;
    private ProcessorContext<String, AttributedInput> context;
    private ProcessedOffsets processed;
    private Cancellable progress;
    private int partition = -1;
    private long newestArrival = UNKNOWN;
    private long lastMark = UNKNOWN;

    /**
     * @param reorderWindow how long after its Kafka timestamp a record may still reach the input topic and be put
     *                      in order (producer batching and retries, clocks a little behind)
     */
    public SessionAttributionProcessor(final int inputPartitions, final InputBacklog backlog,
                                       final Duration reorderWindow) {
        this.inputPartitions = inputPartitions;
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.reorderWindowMillis = reorderWindow.toMillis();
    }

    @Override
    public void init(final ProcessorContext<String, AttributedInput> context) {
        this.context = context;
        processed = backlog.offsets(context.taskId());
        processed.reset();
        partition = context.taskId().partition();
        progress = context.schedule(PROGRESS_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sendProgress);
    }

    /**
     * Sends this partition's mark when it moved: the newest arrival handed on, or the time up to which the task has
     * read everything that reached its partition less the reorder window, whichever is later.
     */
    private void sendProgress(final long nowWallMillis) {
        long mark = newestArrival;
        final long readUpTo = backlog.inputReadUpToAt(context.taskId(), nowWallMillis);
        if (readUpTo != Long.MIN_VALUE) {
            mark = Math.max(mark, readUpTo - reorderWindowMillis);
        }
        if (mark == UNKNOWN || mark <= lastMark) {
            return;
        }
        lastMark = mark;
        context.forward(new Record<>(PROGRESS_KEY,
                new AttributedInput(SessionInput.progress(partition, mark), false),
                Math.max(0, context.currentStreamTimeMs())));
    }

    @Override
    public void close() {
        if (progress != null) {
            progress.cancel();
        }
    }

    @Override
    public void process(final Record<byte[], ParsedRecord> record) {
        // Every input record passes here, also those that go on through the repartition topic or nowhere.
        final Optional<RecordMetadata> source = context.recordMetadata();
        if (source.isPresent()) {
            processed.note(source.get().topic(), source.get().offset());
        }
        final long arrival = record.value().arrivalMillis();
        if (arrival != SessionInput.UNKNOWN_ARRIVAL && arrival > newestArrival) {
            newestArrival = arrival;
        }
        final byte[] key = record.key();
        final String session;
        SessionInput input;
        if (record.value().result() instanceof ParseResult.Valid valid) {
            session = valid.event().sessionId();
            input = SessionInput.valid(valid.event());
        } else {
            final ParseResult.Invalid invalid = (ParseResult.Invalid) record.value().result();
            session = key != null && key.length > 0 ? new String(key, StandardCharsets.UTF_8) : invalid.sessionHint();
            if (session == null) {
                return;
            }
            input = SessionInput.invalid(invalid.reason());
        }
        input = input.arrivedAt(arrival);
        if (source.isPresent()) {
            input = input.readFrom(source.get().partition(), source.get().offset());
        }
        final boolean atHome = key != null && SessionKeys.spells(key, session) && isHomePartition(key);
        context.forward(new Record<>(session, new AttributedInput(input, atHome), record.timestamp()));
    }

    private boolean isHomePartition(final byte[] key) {
        return context.recordMetadata()
                .map(source -> source.partition() == SessionKeys.partitionFor(key, inputPartitions))
                .orElse(false);
    }
}
