package io.exectrace.streams.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.ChainOutcome;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.streams.ingest.InputBacklog;
import io.exectrace.streams.app.Registry;
import io.exectrace.streams.ingest.SessionInput;
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

    /** One processor incarnation over the shared stores, its wall clock and its punctuators driven by hand. */
    private static final class Task {
        final MockProcessorContext<String, CorrelationOutput> context = new MockProcessorContext<>();
        final SessionProcessor processor;
        final List<StateStore> stores;
        /** Next firing time of each scheduled punctuator, by its index in the context's list. */
        final List<Long> nextPunctuation = new ArrayList<>();

        Task(final List<StateStore> stores, final long startWall, final boolean initStores) {
            this(SETTINGS, InputBacklog.UNKNOWN, stores, startWall, initStores);
        }

        Task(final CorrelationSettings settings, final List<StateStore> stores, final long startWall,
             final boolean initStores) {
            this(settings, InputBacklog.UNKNOWN, stores, startWall, initStores);
        }

        Task(final CorrelationSettings settings, final InputBacklog backlog, final List<StateStore> stores,
             final long startWall, final boolean initStores) {
            this.processor = new SessionProcessor(settings, Registry.CORRELATION, backlog, OpenOrdersListener.NONE);
            this.stores = stores;
            for (final StateStore store : stores) {
                if (initStores) {
                    store.init(context.getStateStoreContext(), store);
                }
                context.addStateStore(store);
            }
            context.setCurrentSystemTimeMs(startWall);
            processor.init(context);
            for (final MockProcessorContext.CapturedPunctuator p : context.scheduledPunctuators()) {
                nextPunctuation.add(startWall + p.getInterval().toMillis());
            }
        }

        /** Advances the wall clock, firing every punctuator at its interval on the way, as Kafka Streams does. */
        void advanceTo(final long wall) {
            final List<MockProcessorContext.CapturedPunctuator> punctuators = context.scheduledPunctuators();
            while (true) {
                int next = -1;
                for (int i = 0; i < punctuators.size(); i++) {
                    if (nextPunctuation.get(i) <= wall
                            && (next < 0 || nextPunctuation.get(i) < nextPunctuation.get(next))) {
                        next = i;
                    }
                }
                if (next < 0) {
                    break;
                }
                final long at = nextPunctuation.get(next);
                context.setCurrentSystemTimeMs(at);
                punctuators.get(next).getPunctuator().punctuate(at);
                commit();
                nextPunctuation.set(next, at + punctuators.get(next).getInterval().toMillis());
            }
            context.setCurrentSystemTimeMs(wall);
        }

        void process(final Arrival a) {
            process(a.session(), a.input(), EVENT_START.plusSeconds(a.second()).toEpochMilli());
        }

        void process(final String session, final SessionInput input, final long eventMillis) {
            processor.process(new Record<>(session, input, eventMillis));
            commit();
        }

        /** What Kafka Streams does before committing: flush the stores' caches (here: run their pre-commit hook). */
        void commit() {
            stores.forEach(store -> ((PreCommitKeyValueStore<?, ?>) store).flushCache());
        }

        List<ClosedChain> chains() {
            return outputs(ClosedChain.class);
        }

        List<StuckOrder> stuckOrders() {
            return outputs(StuckOrder.class);
        }

        private <T> List<T> outputs(final Class<T> type) {
            return context.forwarded().stream().map(f -> f.record().value()).filter(type::isInstance)
                    .map(type::cast).toList();
        }
    }

    private static List<StateStore> stores() {
        final List<StateStore> stores = new ArrayList<>();
        for (final StoreBuilder<?> builder : Registry.CORRELATION.storeBuilders(Stores::inMemoryKeyValueStore)) {
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
                .filter(s -> s.name().equals(Registry.SESSION_SUMMARY.name())).findFirst().orElseThrow();
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

    // ---- the arrival clock for settling and stuck orders ----

    /** A record of {@code session} with event time {@code eventMillis} after the start, arrived at {@code wall}. */
    private record Sent(long wall, String session, long eventMillis, String stage, String extra) {
        SessionInput input() {
            final String json = "{\"ts\":\"" + EVENT_START.plusMillis(eventMillis) + "\",\"run_id\":\"" + session
                    + "\",\"mode\":\"shadow\",\"symbol\":\"BTC-EUR\",\"stage\":\"" + stage + "\"" + extra + "}";
            final ParseResult r = new ExecutionEventParser().parse(json.getBytes(StandardCharsets.UTF_8));
            return SessionInput.valid(((ParseResult.Valid) r).event()).arrivedAt(wall);
        }

        void to(final Task task) {
            task.process(session, input(), EVENT_START.plusMillis(eventMillis).toEpochMilli());
        }
    }

    private static String ids(final int n) {
        return ",\"intent_id\":\"i-" + n + "\",\"client_order_id\":\"c-" + n + "\",\"qty\":1";
    }

    @Test
    void anEndedChainOfAQuietSessionClosesASettleTimeAfterItArrived() {
        final Task task = new Task(stores(), WALL_START, true);
        new Sent(WALL_START, "quiet", 0, "intent", ",\"intent_id\":\"i-1\",\"qty\":1").to(task);
        task.advanceTo(WALL_START + 100);
        new Sent(WALL_START + 100, "quiet", 50, "submit", ids(1)).to(task);
        task.advanceTo(WALL_START + 200);
        new Sent(WALL_START + 200, "quiet", 300, "fill", ids(1) + ",\"price\":100.0").to(task);

        task.advanceTo(WALL_START + 200 + 950);
        assertThat(task.chains()).as("still settling").isEmpty();
        task.advanceTo(WALL_START + 200 + 1_150);
        assertThat(task.chains()).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(ChainOutcome.FILLED);
            assertThat(c.closeReason()).isEqualTo("full_fill");
            assertThat(c.latency(LatencyEdge.INTENT_TO_FILL)).isEqualTo(300.0);
            assertThat(c.latency(LatencyEdge.ORDER_TO_FILL)).isEqualTo(250.0);
        });
    }

    /**
     * Two chains whose events lie within 200 ms of event time (the event clock never settles them): the first one's
     * ack arrives 0.5 s after its fill and joins, the second one's 1.3 s after and is late.
     */
    private static List<Sent> settleInput() {
        final long t = WALL_START;
        return List.of(
                new Sent(t, "s", 0, "intent", ",\"intent_id\":\"i-1\",\"qty\":1"),
                new Sent(t + 100, "s", 10, "submit", ids(1)),
                new Sent(t + 200, "s", 20, "fill", ids(1) + ",\"price\":100.0"),
                new Sent(t + 700, "s", 15, "ack", ids(1)),
                new Sent(t + 1_000, "s", 100, "intent", ",\"intent_id\":\"i-2\",\"qty\":1"),
                new Sent(t + 1_100, "s", 110, "submit", ids(2)),
                new Sent(t + 1_200, "s", 120, "fill", ids(2) + ",\"price\":100.0"),
                new Sent(t + 2_500, "s", 115, "ack", ids(2)),
                new Sent(t + 2_600, "s", 200, "signal", ""));
    }

    /** {@link #settleInput()} processed as it arrives, then 20 s of silence. */
    private static Outcome pacedSettleOutcome() {
        final List<StateStore> stores = stores();
        final Task paced = new Task(stores, WALL_START, true);
        for (final Sent sent : settleInput()) {
            paced.advanceTo(sent.wall());
            sent.to(paced);
        }
        paced.advanceTo(WALL_START + 20_000);
        return outcome(paced.chains(), stores);
    }

    @Test
    void siblingsJoinWithinTheSettleTimeOnTheArrivalClockAndAreLateAfterIt() {
        final List<StateStore> stores = stores();
        final Task task = new Task(stores, WALL_START, true);
        for (final Sent sent : settleInput()) {
            task.advanceTo(sent.wall());
            sent.to(task);
        }
        task.advanceTo(WALL_START + 5_000);
        assertThat(task.chains()).hasSize(2);
        assertThat(task.chains().get(0).intentId()).isEqualTo("i-1");
        assertThat(task.chains().get(0).latency(LatencyEdge.ORDER_TO_ACK)).isEqualTo(5.0);
        assertThat(task.chains().get(1).intentId()).isEqualTo("i-2");
        assertThat(task.chains().get(1).latency(LatencyEdge.ORDER_TO_ACK)).isNaN();
        assertThat(summary(stores, "s").lateEvents()).isEqualTo(1);
    }

    @Test
    void aBacklogSettlesTheSameChainsOnTheArrivalClockAsAPacedRun() {
        final Outcome expected = pacedSettleOutcome();

        final List<StateStore> stores = stores();
        final Task beforeCrash = new Task(stores, WALL_START, true);
        settleInput().get(0).to(beforeCrash);
        settleInput().get(1).to(beforeCrash);
        final long restart = WALL_START + 120_000;
        final Task afterRestart = new Task(stores, restart, false);
        long wall = restart;
        for (final Sent sent : settleInput().subList(2, settleInput().size())) {
            wall += 20;
            afterRestart.advanceTo(wall);
            sent.to(afterRestart);
        }
        afterRestart.advanceTo(wall + 20_000);
        final List<ClosedChain> chains = new ArrayList<>(beforeCrash.chains());
        chains.addAll(afterRestart.chains());

        final Outcome restarted = outcome(chains, stores);
        assertThat(restarted.chains()).isEqualTo(expected.chains());
        assertThat(restarted.summaries()).isEqualTo(expected.summaries());
    }

    @Test
    void aSlowTaskSettlesOnTheArrivalsOfItsRecordsNotOnTheWallTimeBetweenThem() {
        final Outcome expected = pacedSettleOutcome();

        // Every record already arrived (and was fetched: no lag) but the task takes 0.8 s of wall time for each.
        final List<StateStore> stores = stores();
        final Task slow = new Task(SETTINGS, task -> false, stores, WALL_START + 3_000, true);
        long wall = WALL_START + 3_000;
        for (final Sent sent : settleInput()) {
            wall += 800;
            slow.advanceTo(wall);
            sent.to(slow);
        }
        slow.advanceTo(wall + 20_000);

        assertThat(outcome(slow.chains(), stores)).isEqualTo(expected);
        assertThat(slow.chains().get(0).latency(LatencyEdge.ORDER_TO_ACK)).isEqualTo(5.0);
    }

    @Test
    void aRestartedTaskSettlesTheEndedChainsItFindsInItsStores() {
        final List<StateStore> stores = stores();
        final Task beforeCrash = new Task(stores, WALL_START, true);
        for (final Sent sent : settleInput().subList(0, 3)) {
            sent.to(beforeCrash);
        }
        assertThat(beforeCrash.chains()).isEmpty();
        // caught up with its input (an unknown backlog would make it wait its grace time, as for idleness)
        final Task afterRestart = new Task(SETTINGS, task -> false, stores, WALL_START + 400, false);
        afterRestart.advanceTo(WALL_START + 1_000);
        assertThat(afterRestart.chains()).isEmpty();
        afterRestart.advanceTo(WALL_START + 1_400);
        assertThat(afterRestart.chains()).extracting(ClosedChain::outcome).containsExactly(ChainOutcome.FILLED);
    }

    @Test
    void anOrderOpenLongerThanTheStuckTimeOnTheArrivalClockIsReportedOnce() {
        final CorrelationSettings settings = SETTINGS.withIdleTimeout(Duration.ofMinutes(5))
                .withStuckOrderAfter(Duration.ofSeconds(5));
        final Task task = new Task(settings, stores(), WALL_START, true);
        new Sent(WALL_START, "a", 0, "intent", ",\"intent_id\":\"i-1\",\"qty\":1").to(task);
        new Sent(WALL_START, "a", 10, "submit", ids(1)).to(task);
        task.advanceTo(WALL_START + 4_900);
        assertThat(task.stuckOrders()).isEmpty();
        task.advanceTo(WALL_START + 5_300);
        assertThat(task.stuckOrders()).singleElement().satisfies(o -> {
            assertThat(o.sessionId()).isEqualTo("a");
            assertThat(o.orderId()).isEqualTo("c-1");
            assertThat(o.intentId()).isEqualTo("i-1");
            assertThat(o.thresholdMillis()).isEqualTo(5_000);
            assertThat(o.arrivalAgeMillis()).isBetween(5_001L, 5_300L);
            assertThat(o.eventAgeMillis()).isZero();
        });
        task.advanceTo(WALL_START + 9_000);
        assertThat(task.stuckOrders()).as("reported once").hasSize(1);

        new Sent(WALL_START + 9_000, "a", 9_000, "fill", ids(1) + ",\"price\":100.0").to(task);
        task.advanceTo(WALL_START + 10_500);
        assertThat(task.chains()).extracting(ClosedChain::outcome).containsExactly(ChainOutcome.FILLED);
    }

    @Test
    void anOrderOpenLongerThanTheStuckTimeOnTheEventClockIsReportedAtOnce() {
        final CorrelationSettings settings = SETTINGS.withIdleTimeout(Duration.ofMinutes(5))
                .withStuckOrderAfter(Duration.ofSeconds(5)).withOrderTimeout(Duration.ofSeconds(60));
        final Task task = new Task(settings, stores(), WALL_START, true);
        new Sent(WALL_START, "b", 0, "submit", ids(1)).to(task);
        new Sent(WALL_START + 50, "b", 6_000, "signal", "").to(task);
        task.advanceTo(WALL_START + 250);
        assertThat(task.stuckOrders()).singleElement().satisfies(o -> {
            assertThat(o.orderId()).isEqualTo("c-1");
            assertThat(o.eventAgeMillis()).isEqualTo(6_000);
            assertThat(o.ageMillis()).isEqualTo(6_000);
        });
    }

    private static SessionSummary summary(final List<StateStore> stores, final String session) {
        @SuppressWarnings("unchecked")
        final KeyValueStore<String, SessionSummary> store = (KeyValueStore<String, SessionSummary>) stores.stream()
                .filter(st -> st.name().equals(Registry.SESSION_SUMMARY.name())).findFirst().orElseThrow();
        return store.get(session);
    }
}
