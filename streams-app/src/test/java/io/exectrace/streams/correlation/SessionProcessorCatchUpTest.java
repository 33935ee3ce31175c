package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.streams.app.Registry;
import io.exectrace.streams.ingest.InputBacklog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A task says it is catching up from its start until it has read every record that had reached its input by then,
 * and stops saying so when it closes: the API answers 503 instead of 404 for sessions missing from its stores while
 * it catches up.
 */
class SessionProcessorCatchUpTest {
    private static final long WALL_START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    /** A backlog that reads input up to a set wall time and records what the task says. */
    private static final class Reported implements InputBacklog {
        long readUpTo = Long.MIN_VALUE;
        final List<Boolean> said = new ArrayList<>();

        @Override
        public Boolean pending(final TaskId task) {
            return null;
        }

        @Override
        public long inputReadUpToAt(final TaskId task, final long nowWallMillis) {
            return readUpTo;
        }

        @Override
        public void catchingUp(final TaskId task, final boolean catchingUp) {
            said.add(catchingUp);
        }
    }

    private final Reported backlog = new Reported();
    private final MockProcessorContext<String, CorrelationOutput> context = new MockProcessorContext<>();
    private final SessionProcessor processor = new SessionProcessor(CorrelationSettings.defaults(),
            Registry.CORRELATION, backlog, OpenOrdersListener.NONE);

    SessionProcessorCatchUpTest() {
        for (final StoreBuilder<?> builder : Registry.CORRELATION.storeBuilders(Stores::inMemoryKeyValueStore)) {
            final StateStore store = builder.withCachingDisabled().withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        context.setCurrentSystemTimeMs(WALL_START);
        processor.init(context);
    }

    @Test
    void catchingUpFromStartUntilTheInputThatHadArrivedThenIsRead() {
        assertThat(backlog.said).containsExactly(true);

        backlog.readUpTo = WALL_START - 1;
        inFlightCheckAt(WALL_START + 100);
        inFlightCheckAt(WALL_START + 200);
        assertThat(backlog.said).as("read only up to before the start").containsExactly(true);

        backlog.readUpTo = WALL_START;
        inFlightCheckAt(WALL_START + 300);
        assertThat(backlog.said).containsExactly(true, false);

        inFlightCheckAt(WALL_START + 400);
        processor.close();
        assertThat(backlog.said).as("said once, not again at close").containsExactly(true, false);
    }

    @Test
    void aTaskClosedWhileCatchingUpStopsSayingSo() {
        inFlightCheckAt(WALL_START + 100);

        processor.close();

        assertThat(backlog.said).containsExactly(true, false);
    }

    /** Fires the in-flight check, the punctuator on the {@link SessionProcessor#IN_FLIGHT_INTERVAL} grid. */
    private void inFlightCheckAt(final long wall) {
        context.setCurrentSystemTimeMs(wall);
        for (final MockProcessorContext.CapturedPunctuator p : context.scheduledPunctuators()) {
            if (p.getInterval().equals(SessionProcessor.IN_FLIGHT_INTERVAL)) {
                p.getPunctuator().punctuate(wall);
            }
        }
    }
}
