package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.streams.SessionInput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The idle clock under a processing backlog: a task that restarts after downtime and works off records that
 * arrived while it was down must close exactly the sessions an undisturbed (paced) run closes. Two processor
 * incarnations share the same stores, as a restarted task shares its restored stores with the crashed one.
 */
class SessionProcessorBacklogTest {
    private static final Instant EVENT_START = Instant.parse("2025-12-20T14:00:00Z");
    private static final long WALL_START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final CorrelationSettings SETTINGS = CorrelationSettings.defaults()
            .withIdleTimeout(Duration.ofSeconds(10)).withIdleCheckInterval(Duration.ofSeconds(1));

    /** One input record and the second (after the start) it arrived on the input topic. */
    private record Arrival(int second, String session, String stage, String extra) {
        SessionInput input() {
            final String json = "{\"ts\":\"" + EVENT_START.plusSeconds(second) + "\",\"run_id\":\"" + session
                    + "\",\"mode\":\"shadow\",\"symbol\":\"BTC-EUR\",\"stage\":\"" + stage + "\"" + extra + "}";
            final ParseResult r = new ExecutionEventParser().parse(json.getBytes(StandardCharsets.UTF_8));
            return SessionInput.valid(((ParseResult.Valid) r).event()).arrivedAt(WALL_START + second * 1000L);
        }
    }

    /**
     * Session A fills 7 s after its order (within the 10 s idle timeout); session B trickles on for 20 s. The
     * crash happens after second 1; the task is back 2 minutes later and works off the rest at 5 records per
     * second of wall time.
     */
    private static List<Arrival> input() {
        final List<Arrival> in = new ArrayList<>();
        in.add(new Arrival(0, "run-a", "intent", ",\"intent_id\":\"i-1\",\"qty\":1"));
        in.add(new Arrival(1, "run-a", "submit", ",\"intent_id\":\"i-1\",\"client_order_id\":\"c-1\",\"qty\":1"));
        for (int s = 0; s <= 20; s++) {
            in.add(new Arrival(s, "run-b", "signal", ",\"correlation_id\":\"t-" + s + "\""));
        }
        in.add(new Arrival(8, "run-a", "fill", ",\"client_order_id\":\"c-1\",\"qty\":1,\"price\":100.0"));
        in.add(new Arrival(9, "run-b", "intent", ",\"intent_id\":\"i-9\",\"qty\":1"));
        in.sort(Comparator.comparingInt(Arrival::second));
        return in;
    }

    /** One processor incarnation over the shared stores, its wall clock and its idle punctuator driven by hand. */
    private static final class Task {
        final MockProcessorContext<String, CorrelationOutput> context = new MockProcessorContext<>();
        final SessionProcessor processor = new SessionProcessor(SETTINGS);
        final List<StateStore> stores;
        long nextPunctuation;

        Task(final List<StateStore> stores, final long startWall, final boolean initStores) {
            this.stores = stores;
            for (final StateStore store : stores) {
                if (initStores) {
                    store.init(context.getStateStoreContext(), store);
                }
                context.addStateStore(store);
            }
            context.setCurrentSystemTimeMs(startWall);
            processor.init(context);
            nextPunctuation = startWall + SETTINGS.idleCheckInterval().toMillis();
        }

        /** Advances the wall clock, firing the idle check every interval on the way, as Kafka Streams does. */
        void advanceTo(final long wall) {
            while (nextPunctuation <= wall) {
                context.setCurrentSystemTimeMs(nextPunctuation);
                context.scheduledPunctuators().get(0).getPunctuator().punctuate(nextPunctuation);
                commit();
                nextPunctuation += SETTINGS.idleCheckInterval().toMillis();
            }
            context.setCurrentSystemTimeMs(wall);
        }

        void process(final Arrival a) {
            processor.process(new Record<>(a.session(), a.input(), EVENT_START.plusSeconds(a.second()).toEpochMilli()));
            commit();
        }

        /** What Kafka Streams does before committing: flush the stores' caches (here: run their pre-commit hook). */
        void commit() {
            stores.forEach(store -> ((PreCommitKeyValueStore<?, ?>) store).flushCache());
        }

        List<ClosedChain> chains() {
            return context.forwarded().stream().map(f -> f.record().value()).filter(ClosedChain.class::isInstance).map(ClosedChain.class::cast).toList();
        }
    }

    private static List<StateStore> stores() {
        final List<StateStore> stores = new ArrayList<>();
        for (final StoreBuilder<?> builder : CorrelationStores.storeBuilders(Stores::inMemoryKeyValueStore)) {
            stores.add(builder.withCachingDisabled().withLoggingDisabled().build());
        }
        return stores;
    }

    private record Outcome(List<ClosedChain> chains, Map<String, String> summaries) {
    }

    private static Outcome outcome(final List<ClosedChain> chains, final List<StateStore> stores) {
        final Map<String, String> summaries = new TreeMap<>();
        @SuppressWarnings("unchecked")
        final KeyValueStore<String, SessionSummary> store = (KeyValueStore<String, SessionSummary>) stores.stream()
                .filter(s -> s.name().equals(CorrelationStores.SESSION_SUMMARY_STORE)).findFirst().orElseThrow();
        try (KeyValueIterator<String, SessionSummary> it = store.all()) {
            it.forEachRemaining(kv -> {
                kv.value.lastSeenWallMillis = 0;     // the clock value differs by construction; the rest may not
                summaries.put(kv.key, java.util.HexFormat.of().formatHex(kv.value.encode()));
            });
        }
        final List<ClosedChain> sorted = chains.stream()
                .sorted(Comparator.comparing(ClosedChain::sessionId).thenComparing(ClosedChain::chainId)).toList();
        return new Outcome(sorted, summaries);
    }

    /** Every record processed when it arrives; then silence until every session is idle-closed. */
    private static Outcome pacedRun() {
        final List<StateStore> stores = stores();
        final Task task = new Task(stores, WALL_START, true);
        for (final Arrival a : input()) {
            task.advanceTo(WALL_START + a.second() * 1000L);
            task.process(a);
        }
        task.advanceTo(WALL_START + 60_000);
        return outcome(task.chains(), stores);
    }

    @Test
    void aTaskWorkingOffABacklogAfterDowntimeClosesTheSameSessionsAsAPacedRun() {
        final Outcome paced = pacedRun();
        assertThat(paced.chains()).extracting(ClosedChain::outcome)
                .containsExactlyInAnyOrder(ChainOutcome.FILLED, ChainOutcome.MISSING_ORDER);

        final List<StateStore> stores = stores();
        final Task beforeCrash = new Task(stores, WALL_START, true);
        final List<Arrival> in = input();
        int i = 0;
        for (; in.get(i).second() <= 1; i++) {
            beforeCrash.advanceTo(WALL_START + in.get(i).second() * 1000L);
            beforeCrash.process(in.get(i));
        }
        final long restart = WALL_START + 120_000;
        final Task afterRestart = new Task(stores, restart, false);
        long wall = restart;
        for (; i < in.size(); i++) {
            wall += 200;
            afterRestart.advanceTo(wall);
            afterRestart.process(in.get(i));
        }
        afterRestart.advanceTo(wall + 60_000);
        final List<ClosedChain> chains = new ArrayList<>(beforeCrash.chains());
        chains.addAll(afterRestart.chains());

        final Outcome restarted = outcome(chains, stores);
        assertThat(restarted.chains()).isEqualTo(paced.chains());
        assertThat(restarted.summaries()).isEqualTo(paced.summaries());
    }

    @Test
    void aRestartedTaskWithoutInputClosesItsSessionsOneIdleTimeoutLater() {
        final List<StateStore> stores = stores();
        final Task beforeCrash = new Task(stores, WALL_START, true);
        for (final Arrival a : input().subList(0, 3)) {
            beforeCrash.process(a);
        }
        final long restart = WALL_START + 600_000;
        final Task afterRestart = new Task(stores, restart, false);
        afterRestart.advanceTo(restart + SETTINGS.idleTimeout().toMillis() - 1);
        assertThat(afterRestart.chains()).isEmpty();
        afterRestart.advanceTo(restart + SETTINGS.idleTimeout().toMillis() + 1000);
        assertThat(afterRestart.chains()).extracting(ClosedChain::closeReason).containsOnly("idle").isNotEmpty();
    }

    @Test
    void theClockFollowsArrivalsAndNeverRunsAheadOfWallTime() {
        final ArrivalClock clock = new ArrivalClock(1_000, 10_000);
        assertThat(clock.idleJudgedAt(5_000, null)).isEqualTo(ArrivalClock.NOT_YET);
        assertThat(clock.onRecord(-1, 6_000)).isEqualTo(6_000);            // unknown arrival: processing time
        assertThat(clock.idleJudgedAt(11_000, null)).isEqualTo(11_000);          // grace over, nothing known: wall time
        assertThat(clock.onRecord(2_000, 20_000)).isEqualTo(2_000);        // a backlog: its arrival time
        assertThat(clock.idleJudgedAt(20_500, null)).isEqualTo(2_500);           // plus the wall time since
        assertThat(clock.onRecord(1_500, 21_000)).isEqualTo(3_000);        // an older arrival does not go back
        assertThat(clock.onRecord(30_000, 22_000)).isEqualTo(22_000);      // a producer clock ahead: capped
    }

    @Test
    void wallTimeCountsOnlyWhileTheTaskIsCaughtUp() {
        final ArrivalClock fresh = new ArrivalClock(1_000, 10_000);
        assertThat(fresh.idleJudgedAt(60_000, true)).isEqualTo(ArrivalClock.NOT_YET);   // behind, nothing seen
        assertThat(fresh.idleJudgedAt(2_000, false)).isEqualTo(2_000);                 // caught up: no grace

        final ArrivalClock clock = new ArrivalClock(1_000, 10_000);
        clock.onRecord(5_000, 20_000);
        assertThat(clock.idleJudgedAt(90_000, true)).isEqualTo(5_000);     // stalled with input waiting: holds
        assertThat(clock.idleJudgedAt(90_000, false)).isEqualTo(75_000);   // caught up: wall time since
    }
}
