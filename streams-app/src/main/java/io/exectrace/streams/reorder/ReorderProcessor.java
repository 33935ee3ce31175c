package io.exectrace.streams.reorder;

import io.exectrace.streams.ingest.InputBacklog;
import io.exectrace.streams.ingest.ProcessedOffsets;
import io.exectrace.streams.ingest.SessionInput;
import io.exectrace.streams.ingest.SessionInputSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reorder stage in front of the per-session processors: records that came through the session repartition
 * topic (input that was not keyed by session) wait in a {@link ReorderBuffer} until every input partition has been
 * read past their arrival time, and leave in the order their producers sent them, so a session's events reach the
 * correlator in the same order whether producers keyed them or not. Progress marks from the attribution step
 * ({@link SessionInput#progress}) move the partitions' marks; every repartitioned record moves its own partition's.
 *
 * <p>Records already at home (keyed by session) pass straight on, unless records of their session wait in the
 * buffer; then they wait behind them. The buffer is kept in a logged store, so records consumed but not yet
 * released survive a crash and a rebalance (exactly-once: the store and the offsets commit together).
 */
public final class ReorderProcessor implements Processor<String, SessionInput, String, SessionInput> {

    /** Sessions whose newest event time is remembered for the disorder metric (the oldest are forgotten). */
    private static final int DISORDER_SESSIONS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(ReorderProcessor.class);

    private final String storeName;
    private final int inputPartitions;
    private final String rekeyTopicSuffix;
    private final ReorderListener listener;
    private final InputBacklog backlog;
    private final SessionInputSerde serde = new SessionInputSerde();
    private final Map<String, Long> newestEventTs = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, Long> eldest) {
            return size() > DISORDER_SESSIONS;
        }
    };
    private ProcessorContext<String, SessionInput> context;
    private KeyValueStore<Bytes, byte[]> store;
    private ReorderBuffer buffer;
    private long newestArrival = Long.MIN_VALUE;
    private String task;
    private ProcessedOffsets processed;

    /**
     * @param storeName        the buffer's store ({@link #storeBuilder})
     * @param inputPartitions  how many partitions the input topic has (the marks the merge waits for)
     * @param rekeyTopicSuffix how the session repartition topic's name ends (its records are the ones to order)
     * @param backlog          where the task notes the repartitioned records it has processed (progress marks
     *                         included, which go no further), for its caught-up check
     */
    public ReorderProcessor(final String storeName, final int inputPartitions, final String rekeyTopicSuffix,
                            final ReorderListener listener, final InputBacklog backlog) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.inputPartitions = inputPartitions;
        this.rekeyTopicSuffix = Objects.requireNonNull(rekeyTopicSuffix, "rekeyTopicSuffix");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
    }

    /** The buffer's store: logged, uncached (the processor writes only what outlives a record). */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> storeBuilder(final String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
    }

    @Override
    public void init(final ProcessorContext<String, SessionInput> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.buffer = new ReorderBuffer(inputPartitions);
        this.task = context.taskId().toString();
        this.processed = backlog.offsets(context.taskId());
        int restored = 0;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                final KeyValue<Bytes, byte[]> kv = all.next();
                final ReorderBuffer.Entry entry = decode(kv.value);
                entry.stored = true;
                buffer.add(entry);
                restored++;
            }
        }
        if (restored > 0) {
            LOG.info("task {}: {} record(s) waiting in the reorder buffer", task, restored);
        }
        listener.waiting(task, buffer::size);
    }

    @Override
    public void process(final Record<String, SessionInput> record) {
        final Optional<RecordMetadata> source = context.recordMetadata();
        final boolean rekeyed = source.isPresent() && source.get().topic() != null
                && source.get().topic().endsWith(rekeyTopicSuffix);
        if (rekeyed) {
            processed.note(source.get().topic(), source.get().offset());
        }
        final SessionInput input = record.value();
        if (input == null) {
            context.forward(record);
            return;
        }
        if (input.isProgress()) {
            buffer.mark(input.sourcePartition(), input.arrivalMillis());
            release();
            return;
        }
        observe(record.key(), input);
        if (!buffer.orderable(input) || (!rekeyed && !buffer.holds(record.key()))) {
            context.forward(record);
            return;
        }
        if (rekeyed) {
            buffer.mark(input.sourcePartition(), input.arrivalMillis());
        }
        if (buffer.isLate(input.arrivalMillis())) {
            listener.late();
        }
        final ReorderBuffer.Entry entry = new ReorderBuffer.Entry(record.key(), input, record.timestamp());
        buffer.add(entry);
        release();
        if (buffer.contains(entry)) {
            store.put(key(entry), encode(entry));
            entry.stored = true;
        }
    }

    private void release() {
        buffer.release(entry -> {
            if (entry.stored) {
                store.delete(key(entry));
            }
            context.forward(new Record<>(entry.session, entry.input, entry.timestamp));
        });
    }

    private void observe(final String session, final SessionInput input) {
        long arrivalBehind = 0;
        if (input.arrivalKnown()) {
            if (input.arrivalMillis() > newestArrival) {
                newestArrival = input.arrivalMillis();
            } else {
                arrivalBehind = newestArrival - input.arrivalMillis();
            }
        }
        long eventBehind = 0;
        if (input.isValid()) {
            final long ts = input.event().tsMicros();
            final Long newest = newestEventTs.get(session);
            if (newest == null || ts > newest) {
                newestEventTs.put(session, ts);
            } else {
                eventBehind = newest - ts;
            }
        }
        listener.arrived(arrivalBehind, eventBehind);
    }

    private static Bytes key(final ReorderBuffer.Entry entry) {
        return Bytes.wrap(ByteBuffer.allocate(Integer.BYTES + Long.BYTES)
                .putInt(entry.partition()).putLong(entry.offset()).array());
    }

    private byte[] encode(final ReorderBuffer.Entry entry) {
        final byte[] session = entry.session.getBytes(StandardCharsets.UTF_8);
        final byte[] input = serde.serialize(null, entry.input);
        return ByteBuffer.allocate(Long.BYTES + Integer.BYTES + session.length + input.length)
                .putLong(entry.timestamp).putInt(session.length).put(session).put(input).array();
    }

    private ReorderBuffer.Entry decode(final byte[] value) {
        final ByteBuffer in = ByteBuffer.wrap(value);
        final long timestamp = in.getLong();
        final byte[] session = new byte[in.getInt()];
        in.get(session);
        final byte[] input = new byte[in.remaining()];
        in.get(input);
        return new ReorderBuffer.Entry(new String(session, StandardCharsets.UTF_8), serde.deserialize(null, input),
                timestamp);
    }

    @Override
    public void close() {
        if (task != null) {
            listener.stopWaiting(task);
        }
    }
}
