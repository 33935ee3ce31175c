package io.exectrace.streams.reorder;

import static io.exectrace.streams.reorder.ReorderBufferTest.intent;
import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.ingest.InputBacklog;
import io.exectrace.streams.ingest.ProcessedOffsets;
import io.exectrace.streams.ingest.SessionInput;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reorder stage with several input partitions (the test driver has only one): repartitioned records leave in
 * their producers' order once every partition's progress has passed them, keyed records pass unless their session
 * waits, progress marks go no further, and waiting records survive a restart in the store.
 */
class ReorderProcessorTest {

    private static final String STORE = "reorder-buffer";
    private static final String REKEY = "app-session-rekey-repartition";
    private static final String INPUT = "execution-events";

    private MockProcessorContext<String, SessionInput> context;
    private KeyValueStore<Bytes, byte[]> store;
    private final ProcessedOffsets processed = new ProcessedOffsets();
    private final AtomicInteger late = new AtomicInteger();
    private IntSupplier waiting = () -> -1;
    private final InputBacklog backlog = new InputBacklog() {
        @Override
        public Boolean pending(final TaskId task) {
            return null;
        }

        @Override
        public ProcessedOffsets offsets(final TaskId task) {
            return processed;
        }
    };
    private final ReorderListener listener = new ReorderListener() {
        @Override
        public void arrived(final long arrivalBehindMillis, final long eventBehindMicros) {
        }

        @Override
        public void late() {
            late.incrementAndGet();
        }

        @Override
        public void waiting(final String task, final IntSupplier records) {
            waiting = records;
        }

        @Override
        public void stopWaiting(final String task) {
        }
    };

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private ReorderProcessor started() {
        final ReorderProcessor processor = new ReorderProcessor(STORE, 3, "-session-rekey-repartition", listener,
                backlog);
        processor.init(context);
        return processor;
    }

    private static SessionInput event(final String session, final long ts, final int partition, final long offset,
                                      final long arrival) {
        return SessionInput.valid(intent(session, ts)).arrivedAt(arrival).readFrom(partition, offset);
    }

    private void rekeyed(final ReorderProcessor p, final long repartitionOffset, final String key,
                         final SessionInput input) {
        context.setRecordMetadata(REKEY, 0, repartitionOffset);
        p.process(new Record<>(key, input, 0L));
    }

    private void atHome(final ReorderProcessor p, final String key, final SessionInput input) {
        context.setRecordMetadata(INPUT, 0, input.sourceOffset());
        p.process(new Record<>(key, input, 0L));
    }

    private List<Long> forwardedTs() {
        return context.forwarded().stream().map(f -> f.record().value().event().tsMicros() / 1_000_000L
                - io.exectrace.streams.testing.Lines.T0.getEpochSecond()).toList();
    }

    @Test
    void rekeyedRecordsLeaveInTheirProducersOrderOncePassed() {
        final ReorderProcessor p = started();
        // a session's events were sent t=1..4 over partitions 2, 1, 0, 1; partition 1 was read first
        rekeyed(p, 0, "s", event("s", 2, 1, 10, 1002));
        rekeyed(p, 1, "s", event("s", 4, 1, 11, 1004));
        rekeyed(p, 2, "s", event("s", 3, 0, 5, 1003));
        rekeyed(p, 3, "s", event("s", 1, 2, 8, 1001));
        assertThat(context.forwarded()).isEmpty();
        assertThat(waiting.getAsInt()).isEqualTo(4);
        assertThat(store.approximateNumEntries()).isEqualTo(4);
        rekeyed(p, 4, "", SessionInput.progress(0, 2000));
        rekeyed(p, 5, "", SessionInput.progress(1, 2000));
        rekeyed(p, 6, "", SessionInput.progress(2, 2000));
        assertThat(forwardedTs()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.approximateNumEntries()).isZero();
        assertThat(processed.last(REKEY)).isEqualTo(6);
        assertThat(late.get()).isZero();
    }

    @Test
    void keyedRecordsPassUnlessTheirSessionWaits() {
        final ReorderProcessor p = started();
        atHome(p, "keyed", event("keyed", 1, 0, 1, 1001));
        assertThat(forwardedTs()).containsExactly(1L);
        context.resetForwards();
        rekeyed(p, 0, "mixed", event("mixed", 2, 1, 1, 1002));
        atHome(p, "mixed", event("mixed", 3, 0, 2, 1003));
        assertThat(context.forwarded()).isEmpty();
        for (int partition = 0; partition < 3; partition++) {
            rekeyed(p, 1 + partition, "", SessionInput.progress(partition, 1004));
        }
        assertThat(forwardedTs()).containsExactly(2L, 3L);
    }

    @Test
    void aRecordBehindEveryPartitionsProgressIsLateAndGoesOnAtOnce() {
        final ReorderProcessor p = started();
        for (int partition = 0; partition < 3; partition++) {
            rekeyed(p, partition, "", SessionInput.progress(partition, 5000));
        }
        rekeyed(p, 3, "s", event("s", 1, 2, 1, 4000));
        assertThat(forwardedTs()).containsExactly(1L);
        assertThat(late.get()).isEqualTo(1);
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void waitingRecordsSurviveARestartAndLeaveInOrder() {
        final ReorderProcessor first = started();
        rekeyed(first, 0, "s", event("s", 2, 1, 10, 1002));
        rekeyed(first, 1, "s", event("s", 1, 0, 10, 1001));
        first.close();
        assertThat(context.forwarded()).isEmpty();

        // a new task on the restored store: its marks start unknown, the records wait for every partition again
        final ReorderProcessor second = started();
        assertThat(waiting.getAsInt()).isEqualTo(2);
        rekeyed(second, 2, "", SessionInput.progress(0, 1500));
        rekeyed(second, 3, "", SessionInput.progress(1, 1500));
        assertThat(context.forwarded()).isEmpty();
        rekeyed(second, 4, "", SessionInput.progress(2, 1500));
        assertThat(forwardedTs()).containsExactly(1L, 2L);
        assertThat(context.forwarded()).allSatisfy(f -> assertThat(f.record().key()).isEqualTo("s"));
    }

    @Test
    void recordsWithoutOriginPassStraightOn() {
        final ReorderProcessor p = started();
        rekeyed(p, 0, "s", SessionInput.valid(intent("s", 7)).arrivedAt(1000));
        assertThat(forwardedTs()).containsExactly(7L);
    }
}
