package io.exectrace.harness.chaos;

import io.exectrace.broker.EmbeddedKafkaBroker;
import io.exectrace.broker.TopicCreation;
import io.exectrace.launcher.ExectraceCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment of reliability scenario 7 ({@link TailerKillScenario}), the producer side: {@code exectrace produce tail} runs as a child JVM and is killed with
 * SIGKILL at random moments, then restarted on the same checkpoint, while a writer keeps appending to the log
 * folder and rotating its files (rename and copy-truncate). At the end every line written is in the topic
 * exactly once, as a {@code read_committed} reader (the pipeline) sees it.
 *
 * @param seed           seeds the kill moments
 * @param kills          how often the tailer is killed
 * @param linesPerSecond the writer's pace
 */
public record TailerKillExperiment(long seed, int kills, int linesPerSecond) {
    private static final Logger LOG = LoggerFactory.getLogger(TailerKillExperiment.class);
    private static final String TOPIC = "tail-chaos";
    private static final Duration DRAIN_PATIENCE = Duration.ofSeconds(90);

    /**
     * The scenario's figures.
     *
     * @param linesWritten lines the writer appended
     * @param rotations    rotations the writer made
     * @param kills        SIGKILLs of the tailer
     * @param received     records in the topic (read_committed)
     * @param missing      lines written that are not in the topic
     * @param duplicated   lines in the topic more than once
     * @param unknown      records in the topic that were never written
     * @param elapsed      wall-clock time of the run
     */
    public record Result(long linesWritten, long rotations, int kills, long received, long missing, long duplicated,
                         long unknown, Duration elapsed) {
        public boolean passed() {
            return missing == 0 && duplicated == 0 && unknown == 0 && linesWritten > 0;
        }
    }

    /** Runs the scenario with its own broker, log folder and checkpoint under {@code workDir}. */
    public Result run(final Path workDir) throws IOException, InterruptedException {
        final long started = System.nanoTime();
        final Path logs = java.nio.file.Files.createDirectories(workDir.resolve("logs"));
        final Path checkpoint = workDir.resolve("tail.checkpoint");
        final SplittableRandom random = new SplittableRandom(seed);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDirectory(workDir.resolve("kafka")).start()) {
            createTopic(broker);
            final RotatingLogWriter writer = new RotatingLogWriter(logs, 3, linesPerSecond, 700);
            final Thread writing = new Thread(writer, "chaos-log-writer");
            writing.start();
            int killed = 0;
            try {
                for (int round = 0; round < kills; round++) {
                    final Process tailer = startTailer(broker, logs, checkpoint, workDir, round);
                    Thread.sleep(2_000 + random.nextInt(3_000));
                    tailer.destroyForcibly();
                    tailer.waitFor(10, TimeUnit.SECONDS);
                    killed++;
                    LOG.info("killed the tailer (round {}), {} lines written so far", round, writer.written().size());
                    Thread.sleep(random.nextInt(1_000));
                }
            } finally {
                writer.stop();
                writing.join();
            }
            final List<String> written = writer.written();
            final Process last = startTailer(broker, logs, checkpoint, workDir, kills);
            try {
                final Map<String, Integer> received = readTopic(broker, written.size());
                return compare(written, received, writer.rotations(), killed,
                        Duration.ofNanos(System.nanoTime() - started));
            } finally {
                last.destroy();
                last.waitFor(20, TimeUnit.SECONDS);
                last.destroyForcibly();
            }
        }
    }

    private static void createTopic(final EmbeddedKafkaBroker broker) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            TopicCreation.createAndAwaitLeaders(admin, new NewTopic(TOPIC, 3, (short) 1), Duration.ofSeconds(30));
        }
    }

    /** {@code exectrace produce tail} in a JVM of its own, on this JVM's class path. */
    private static Process startTailer(final EmbeddedKafkaBroker broker, final Path logs, final Path checkpoint,
                                       final Path workDir, final int round) throws IOException {
        final String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), ExectraceCommand.class.getName(), "produce", "tail",
                "-b", broker.bootstrapServers(), "-t", TOPIC, "--checkpoint", checkpoint.toString(),
                "--poll-interval", "50ms", logs.toString()));
        return ChildProcesses.started(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("tailer-" + round + ".log").toFile())
                .start());
    }

    /** Every record of the topic as the pipeline sees it (read_committed), counted by value. */
    private static Map<String, Integer> readTopic(final EmbeddedKafkaBroker broker, final int expected) {
        final Map<String, Integer> received = new HashMap<>();
        TopicDrain.drain(broker.bootstrapServers(), TOPIC, expected, DRAIN_PATIENCE,
                record -> received.merge(new String(record.value(), StandardCharsets.UTF_8), 1, Integer::sum));
        return received;
    }

    private static Result compare(final List<String> written, final Map<String, Integer> received,
                                  final long rotations, final int kills, final Duration elapsed) {
        final Map<String, Integer> remaining = new HashMap<>(received);
        long missing = 0;
        for (final String line : written) {
            if (remaining.remove(line) == null) {
                missing++;
            }
        }
        final long duplicated = received.values().stream().filter(n -> n > 1).count();
        if (duplicated > 0) {
            LOG.warn("lines sent more than once, first of them: {}", received.entrySet().stream()
                    .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().limit(5).toList());
        }
        final long total = received.values().stream().mapToLong(Integer::longValue).sum();
        final Result result = new Result(written.size(), rotations, kills, total, missing, duplicated,
                remaining.size(), elapsed);
        LOG.info("{}", result);
        return result;
    }
}
