package io.exectrace.harness.chaos;

import io.exectrace.producer.ExpectedTotals;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticSessions;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment of the {@code cluster} scenario ({@link ClusterScenario}): three Kafka nodes as separate processes
 * (input and internal topics at replication 3, {@code min.insync.replicas=2}), three app instances with
 * {@code standby.replicas=1}, a paced synthetic input and a query load on the instances' APIs. While the input
 * runs: the broker leading input partition 0 is killed with SIGKILL and restarted later; one app instance is killed
 * with SIGKILL and restarted; a second broker is stopped cleanly until the input has ended, so partitions sit at
 * {@code min.insync.replicas}. Afterwards every session summary, latency profile and chain must equal the in-memory
 * reference (0 lost, 0 double-counted), and the queries must have been right, stale-marked or 503 with Retry-After.
 *
 * @param seed           seeds the input and the queries
 * @param rate           input events per second
 * @param duration       how long the input runs (the faults are placed at shares of it)
 * @param drainTimeout   how long the instances may take to drain after the input has ended
 */
public record ClusterExperiment(long seed, double rate, Duration duration, Duration drainTimeout) {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterExperiment.class);
    private static final String APPLICATION_ID = "exectrace-chaos-cluster";
    private static final int NODES = 3;
    private static final int INSTANCES = 3;
    private static final int SESSIONS = 12;
    /**
     * Longer than the input's silences the faults cause (the paced producer's sends block while leaders move: up to
     * 46 s seen here), so the app does not idle-close a session the reference keeps open.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(90);

    /**
     * The figures.
     *
     * @param events          input lines sent
     * @param sessions        sessions in the input
     * @param mismatches      differences from the reference (lost or double-counted data), plus wrong answers
     * @param queries         the query load's tallies
     * @param longestStall    longest time the committed input did not advance while records were waiting
     * @param inputSilence    the longest silence of one session's input on the topic (record timestamps)
     * @param faults          what was injected when, in order
     * @param drain           time from the end of the input until everything was drained
     * @param examples        the first differences and wrong answers
     */
    public record Result(long events, int sessions, long mismatches, ClusterQueryLoad.Result queries,
                         Duration longestStall, InputSilence inputSilence, List<String> faults, Duration drain,
                         List<String> examples) {
        public boolean passed() {
            return mismatches == 0 && queries.wrong() == 0 && queries.fresh() > 0;
        }
    }

    /** Runs it with the cluster, state folders and logs under {@code workDir}. */
    public Result run(final Path workDir, final ChaosLog log) throws Exception {
        final long startMicros = Instant.parse("2025-12-20T08:00:00Z").getEpochSecond() * 1_000_000L;
        final SynthSettings input = SynthSettings.defaults(seed, startMicros).withSessions(SESSIONS)
                .withEventsPerSecond(rate).withMaxLines(Math.round(rate * duration.toSeconds()));
        final Map<String, ExpectedTotals.Session> truth = groundTruth(input);
        try (ClusterNodes cluster = ClusterNodes.start(workDir.resolve("kafka-cluster"), NODES,
                ChaosRig.PARTITIONS);
             ChaosRig rig = ChaosRig.onCluster(workDir, log, cluster.bootstrapServers(), (short) NODES)) {
            log.step("3 Kafka nodes up at %s", cluster.bootstrapServers());
            rig.createInputTopic();
            final List<ChaosRig.AppInstance> members = new ArrayList<>();
            final Map<Integer, AppProcess> apps = new ConcurrentHashMap<>();
            for (int i = 0; i < INSTANCES; i++) {
                members.add(rig.member(APPLICATION_ID, "cluster-" + (char) ('a' + i), Map.of(
                        "replication.factor", "3",
                        "standby.replicas", "1",
                        "idle.timeout", IDLE_TIMEOUT.toMillis() + "ms")));
                apps.put(i, members.get(i).launch());
            }
            for (final AppProcess app : apps.values()) {
                app.awaitReady(Duration.ofMinutes(4));
            }
            log.step("3 app instances ready; input: %,d lines at %.0f/s for %d s", input.maxLines(), rate,
                    duration.toSeconds());
            final ClusterQueryLoad load = new ClusterQueryLoad(() -> apps.values().stream().filter(AppProcess::alive)
                    .map(AppProcess::apiUrl).toList(), truth, seed);
            final List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                final Thread client = new Thread(load, "chaos-cluster-query-" + i);
                client.start();
                clients.add(client);
            }
            final StallWatch stalls = new StallWatch(rig);
            stalls.start();
            final long t0 = System.nanoTime();
            final CompletableFuture<ExpectedTotals> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return rig.sendInput(input, true);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            final List<String> faults = new ArrayList<>();
            try {
                faults(cluster, apps, members, t0, log, faults, sent);
                sent.join();
                final long inputEnd = System.nanoTime();
                faults.add(at(t0) + " input ended");
                for (int id = 1; id <= NODES; id++) {
                    if (!cluster.isRunning(id)) {
                        cluster.startAgain(id);
                        faults.add(at(t0) + " node " + id + " started again");
                    }
                }
                cluster.awaitAllLive();
                log.step("all 3 Kafka nodes live again");
                final PipelineSnapshot actual = rig.awaitDrained(members.get(0), null, drainTimeout);
                final Duration drain = Duration.ofNanos(System.nanoTime() - inputEnd);
                load.stop();
                for (final Thread client : clients) {
                    client.join();
                }
                stalls.stop();
                final PipelineSnapshot reference = InMemoryReference.of(input, InputKeying.SESSION);
                final SnapshotComparison diff = SnapshotComparison.of(reference, actual);
                final List<String> examples = new ArrayList<>(diff.examples());
                final List<String> truthDiff = rig.groundTruthDifferences(actual);
                truthDiff.forEach(d -> examples.add("vs ground truth: " + d));
                final ClusterQueryLoad.Result queries = load.result();
                examples.addAll(queries.examples());
                final InputSilence silence = InputSilence.read(cluster.bootstrapServers(), ChaosRig.INPUT_TOPIC,
                        input.maxLines(), Duration.ofMinutes(2));
                final long notComparable = silence.longest().compareTo(IDLE_TIMEOUT) >= 0 ? 1 : 0;
                if (notComparable > 0) {
                    examples.add("the input of " + silence.session() + " was silent for " + silence.longest()
                            + " on the topic (the producer stalled in the faults), beyond the idle timeout "
                            + IDLE_TIMEOUT + ": the reference does not apply; rerun or raise the timeout");
                }
                final Result result = new Result(input.maxLines(), truth.size(),
                        diff.mismatches() + truthDiff.size() + queries.wrong() + notComparable, queries,
                        stalls.longest(), silence, List.copyOf(faults), drain, examples);
                LOG.info("{}", result);
                return result;
            } finally {
                load.stop();
                stalls.stop();
                for (final AppProcess app : apps.values()) {
                    app.close();
                }
            }
        }
    }

    /**
     * The injected faults, at shares of the input's duration. A killed node takes long to come back on a loaded
     * machine (log recovery, catching up), so its restart is not awaited; the clean stop of a second node waits
     * for it (a third node down would leave partitions below {@code min.insync.replicas}) but not beyond the input.
     */
    private void faults(final ClusterNodes cluster, final Map<Integer, AppProcess> apps,
                        final List<ChaosRig.AppInstance> members, final long t0, final ChaosLog log,
                        final List<String> faults, final CompletableFuture<?> inputDone) throws Exception {
        sleepUntil(t0, 0.15);
        final int leader = awaitLeader(cluster);
        cluster.kill(leader);
        faults.add(at(t0) + " SIGKILL node " + leader + " (leader of " + ChaosRig.INPUT_TOPIC + "-0)");
        log.step("SIGKILL Kafka node %d, leader of %s-0", leader, ChaosRig.INPUT_TOPIC);
        sleepUntil(t0, 0.25);
        cluster.startAgain(leader);
        faults.add(at(t0) + " node " + leader + " started again");
        log.step("Kafka node %d started again", leader);
        sleepUntil(t0, 0.35);
        apps.get(1).kill();
        faults.add(at(t0) + " SIGKILL app instance b");
        log.step("SIGKILL app instance b");
        sleepUntil(t0, 0.45);
        apps.put(1, members.get(1).launch());
        faults.add(at(t0) + " app instance b started again");
        log.step("app instance b started again");
        sleepUntil(t0, 0.55);
        while (!cluster.allListed() && !inputDone.isDone()) {
            Thread.sleep(500);
        }
        if (inputDone.isDone()) {
            faults.add(at(t0) + " no clean stop: node " + leader + " was not back before the input ended");
            log.step("node %d not back before the input ended: no clean stop", leader);
            return;
        }
        final int second = leader % NODES + 1;
        cluster.stop(second);
        faults.add(at(t0) + " SIGTERM node " + second + " (clean stop; its partitions at min.insync.replicas)");
        log.step("Kafka node %d stopped cleanly until the input ends", second);
    }

    private static int awaitLeader(final ClusterNodes cluster) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            final int leader = cluster.leaderOf(ChaosRig.INPUT_TOPIC, 0);
            if (leader > 0) {
                return leader;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("no leader for " + ChaosRig.INPUT_TOPIC + "-0");
    }

    private void sleepUntil(final long t0, final double share) throws InterruptedException {
        final long target = t0 + (long) (duration.toNanos() * share);
        final long wait = target - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L);
        }
    }

    private static String at(final long t0) {
        return String.format("t+%.0fs", (System.nanoTime() - t0) / 1e9);
    }

    /** The generator's final numbers per session, computed without Kafka before the run. */
    private static Map<String, ExpectedTotals.Session> groundTruth(final SynthSettings input) {
        final SyntheticSessions generator = new SyntheticSessions(input);
        while (generator.hasNext()) {
            generator.next();
        }
        final Map<String, ExpectedTotals.Session> truth = new TreeMap<>();
        generator.expectedTotals().sessions().forEach(s -> truth.put(s.sessionId(), s));
        return truth;
    }

    /** Samples the committed input once a second: the longest time it stood still while records were waiting. */
    private static final class StallWatch implements Runnable {
        private final ChaosRig rig;
        private final AtomicLong longestNanos = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        StallWatch(final ChaosRig rig) {
            this.rig = rig;
        }

        void start() {
            thread = new Thread(this, "chaos-cluster-stall-watch");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            long lastCommitted = -1;
            long lastProgress = System.nanoTime();
            while (running) {
                final long records = rig.inputRecords();
                final long lag = rig.inputLag(APPLICATION_ID);
                final long now = System.nanoTime();
                if (records >= 0 && lag >= 0) {
                    final long committed = records - lag;
                    if (committed != lastCommitted || lag == 0) {
                        lastCommitted = committed;
                        lastProgress = now;
                    } else {
                        longestNanos.accumulateAndGet(now - lastProgress, Math::max);
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (final InterruptedException e) {
                    return;
                }
            }
        }

        void stop() {
            running = false;
        }

        Duration longest() {
            return Duration.ofNanos(longestNanos.get());
        }
    }
}
