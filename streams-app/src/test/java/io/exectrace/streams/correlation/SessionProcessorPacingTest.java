package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.ingest.InputBacklog;
import io.exectrace.streams.ingest.SessionInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Pending writes paced by load: a task caught up with its input writes changed sessions every
 * {@link SessionProcessor#PENDING_WRITE_INTERVAL}; one behind its input (fetched records wait, and the newest it
 * processed arrived {@link SessionProcessor#BEHIND_BY} ago or more) only every
 * {@link SessionProcessor#BUSY_PENDING_WRITE_INTERVAL}; a commit always writes everything.
 */
class SessionProcessorPacingTest {
    private static final long WALL_START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final Instant EVENT_TIME = Instant.parse("2025-12-20T14:00:00Z");

    /** A backlog that says only whether the task has fetched records waiting. */
    private static final class Buffered implements InputBacklog {
        boolean buffered;

        @Override
        public Boolean pending(final TaskId task) {
            return null;
        }

        @Override
        public boolean buffered(final TaskId task) {
            return buffered;
        }
    }

    private final Buffered backlog = new Buffered();
    private final MockProcessorContext<String, CorrelationOutput> context = new MockProcessorContext<>();
    private final List<StateStore> stores = new ArrayList<>();
    private final SessionProcessor processor = new SessionProcessor(CorrelationSettings.defaults(),
            Registry.CORRELATION, backlog, OpenOrdersListener.NONE);

    SessionProcessorPacingTest() {
        for (final StoreBuilder<?> builder : Registry.CORRELATION.storeBuilders(Stores::inMemoryKeyValueStore)) {
            final StateStore store = builder.withCachingDisabled().withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }
        context.setCurrentSystemTimeMs(WALL_START);
        processor.init(context);
    }

    @Test
    void aCaughtUpTaskWritesChangedSessionsAtThePendingWriteInterval() {
        backlog.buffered = false;
        process("run-a", WALL_START);

        punctuateAt(WALL_START + SessionProcessor.PENDING_WRITE_INTERVAL.toMillis());

        assertThat(storedSummary("run-a")).isNotNull();
    }

    @Test
    void aTaskWithFreshRecordsWaitingStillWritesAtThePendingWriteInterval() {
        // a live load: records nearly always wait between polls, but what the task processes arrived just now
        backlog.buffered = true;
        process("run-a", WALL_START);

        punctuateAt(WALL_START + SessionProcessor.PENDING_WRITE_INTERVAL.toMillis());

        assertThat(storedSummary("run-a")).isNotNull();
    }

    @Test
    void aTaskBehindItsInputWritesChangedSessionsOncePerBusyInterval() {
        backlog.buffered = true;
        process("run-a", WALL_START - SessionProcessor.BEHIND_BY.toMillis());

        final long busy = SessionProcessor.BUSY_PENDING_WRITE_INTERVAL.toMillis();
        for (long t = 100; t < busy; t += 100) {
            punctuateAt(WALL_START + t);
            assertThat(storedSummary("run-a")).as("written at %d ms", t).isNull();
        }
        punctuateAt(WALL_START + busy);
        assertThat(storedSummary("run-a")).isNotNull();
    }

    @Test
    void aCommitWritesEverythingHoweverBusyTheTask() {
        backlog.buffered = true;
        process("run-a", WALL_START - 60_000);
        punctuateAt(WALL_START + 100);
        assertThat(storedSummary("run-a")).isNull();

        stores.forEach(store -> ((PreCommitKeyValueStore<?, ?>) store).flushCache());

        assertThat(storedSummary("run-a")).isNotNull();
    }

    private void process(final String session, final long arrivalMillis) {
        final String json = "{\"ts\":\"" + EVENT_TIME + "\",\"run_id\":\"" + session
                + "\",\"mode\":\"shadow\",\"symbol\":\"BTC-EUR\",\"stage\":\"intent\",\"intent_id\":\"i-1\",\"qty\":1}";
        final ParseResult parsed = new ExecutionEventParser().parse(json.getBytes(StandardCharsets.UTF_8));
        final SessionInput input = SessionInput.valid(((ParseResult.Valid) parsed).event()).arrivedAt(arrivalMillis);
        processor.process(new Record<>(session, input, EVENT_TIME.toEpochMilli()));
    }

    /** Fires every punctuator due at {@code wall} (all of them share the 100 ms grid here), without a commit. */
    private void punctuateAt(final long wall) {
        context.setCurrentSystemTimeMs(wall);
        for (final MockProcessorContext.CapturedPunctuator p : context.scheduledPunctuators()) {
            if ((wall - WALL_START) % p.getInterval().toMillis() == 0) {
                p.getPunctuator().punctuate(wall);
            }
        }
    }

    private SessionSummary storedSummary(final String session) {
        @SuppressWarnings("unchecked")
        final KeyValueStore<String, SessionSummary> store = (KeyValueStore<String, SessionSummary>) stores.stream()
                .filter(s -> s.name().equals(Registry.SESSION_SUMMARY.name())).findFirst().orElseThrow();
        return store.get(session);
    }
}
