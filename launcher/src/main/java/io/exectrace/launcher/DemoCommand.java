package io.exectrace.launcher;

import io.exectrace.broker.EmbeddedKafkaBroker;
import io.exectrace.producer.JsonlInputs;
import io.exectrace.producer.JsonlReplayer;
import io.exectrace.producer.ProducerSettings;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.producer.ReplaySummary;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticFeeder;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.config.ExectraceConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code exectrace demo}: the whole system on one machine in one command — an embedded broker (unless
 * {@code EXECTRACE_BOOTSTRAP_SERVERS} names a cluster), the pipeline and its API, the golden fixtures replayed once, and a
 * synthetic trickle of live sessions until Ctrl-C.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start an embedded Kafka broker (data in --data-dir), create the topics, start the pipeline and the API, "
                    + "replay the golden fixtures (first run only) and keep a synthetic trickle of live sessions "
                    + "running.",
            "Ctrl-C stops everything cleanly; running it again reuses the data. With EXECTRACE_BOOTSTRAP_SERVERS set, "
                    + "that cluster is used instead of the embedded broker."})
final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file (keys as in the README's configuration table).")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where the broker's logs and the pipeline's state live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the embedded broker on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int brokerPort;

    @Option(names = "--fixtures", paramLabel = "DIR", defaultValue = "fixtures",
            description = "Golden JSONL files replayed on the first run (default: ${DEFAULT-VALUE}).")
    Path fixtures;

    @Option(names = "--trickle-sessions", paramLabel = "N", defaultValue = "3",
            description = "Live synthetic sessions kept running; 0 for none (default: ${DEFAULT-VALUE}).")
    int trickleSessions;

    @Option(names = "--trickle-rate", paramLabel = "EVENTS_PER_S", defaultValue = "5",
            description = "Events per second of the synthetic trickle, all sessions together (default: ${DEFAULT-VALUE}).")
    double trickleRate;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("EXECTRACE_STATE_DIR", dataDir.resolve("streams").toString());
        final String externalCluster = env.get("EXECTRACE_BOOTSTRAP_SERVERS");
        final DemoServices services = new DemoServices();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            stopped.countDown();
        }, "exectrace-demo-shutdown"));
        try {
            final String bootstrap;
            if (externalCluster == null || externalCluster.isBlank()) {
                out.println("Starting the embedded Kafka broker (data in " + dataDir.resolve("kafka") + ") ...");
                out.flush();
                services.broker = EmbeddedKafkaBroker.builder()
                        .port(brokerPort)
                        .dataDirectory(dataDir.resolve("kafka").toAbsolutePath())
                        .start();
                bootstrap = services.broker.bootstrapServers();
            } else {
                bootstrap = externalCluster;
                KafkaReachability.require(java.util.Map.of("bootstrap.servers", bootstrap), Duration.ofSeconds(15));
            }
            final ExectraceConfig config = ExectraceConfig.load(configFile, env).withBootstrapServers(bootstrap);
            out.println("Starting the pipeline (state in " + config.stateDir() + ") and the API ...");
            out.flush();
            services.node = ExectraceNode.start(config, Duration.ofMinutes(2));
            final String replayed = replayFixturesOnce(config);
            final String liveSession = startTrickle(config, services);
            printWhatToOpen(out, config, services.node.apiUrl(), replayed, liveSession);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        stopped.await();
        return 0;
    }

    private String replayFixturesOnce(final ExectraceConfig config) throws InterruptedException {
        if (!Files.isDirectory(fixtures)) {
            return "no fixtures folder at " + fixtures + ": nothing replayed";
        }
        if (recordsIn(config) > 0) {
            return "fixtures already replayed on an earlier run (the input topic has data)";
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ProducerSettings.build(config.bootstrapServers(), null, config.kafkaOverrides()))) {
            final ReplaySummary summary = new JsonlReplayer(producer, config.inputTopic(), 0)
                    .replay(JsonlInputs.expand(List.of(fixtures)), ReplayProgress.NONE);
            return summary.describe(config.inputTopic());
        }
    }

    private static long recordsIn(final ExectraceConfig config) throws InterruptedException {
        final Map<String, Object> props = new HashMap<>(config.kafkaOverrides());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(config.inputTopic())).allTopicNames().get()
                    .get(config.inputTopic()).partitions()
                    .forEach(p -> latest.put(new TopicPartition(config.inputTopic(), p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        } catch (ExecutionException e) {
            throw new KafkaUnavailable("cannot read the end offsets of " + config.inputTopic() + ": "
                    + e.getCause().getMessage());
        }
    }

    /** Starts the live sessions; returns the id of one of them, or a fixture session when there are none. */
    private String startTrickle(final ExectraceConfig config, final DemoServices services) {
        if (trickleSessions <= 0) {
            return "golden_session_ok";
        }
        final long now = System.currentTimeMillis() * 1000L;
        // A new seed per run gives new live sessions each time; their ids name the seed.
        final SynthSettings settings = SynthSettings.defaults(now / 1_000_000L, now)
                .withSessions(trickleSessions)
                .withEventsPerSecond(trickleRate);
        services.trickleProducer = new KafkaProducer<>(
                ProducerSettings.build(config.bootstrapServers(), null, config.kafkaOverrides()));
        services.trickle = new SyntheticFeeder(services.trickleProducer, config.inputTopic());
        services.trickleThread = new Thread(() -> {
            try {
                services.trickle.feed(new SyntheticSessions(settings), now, true, ReplayProgress.NONE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("synthetic trickle stopped: {}", e.getMessage());
            }
        }, "exectrace-demo-trickle");
        services.trickleThread.setDaemon(true);
        services.trickleThread.start();
        return String.format(java.util.Locale.ROOT, "synth-%d-s%04d", settings.seed(), 1);
    }

    private void printWhatToOpen(final PrintWriter out, final ExectraceConfig config, final String api,
                                 final String replayed, final String liveSession) {
        out.println();
        out.println("exectrace demo is running.");
        out.println("  Kafka          " + config.bootstrapServers() + "  (topics " + config.inputTopic() + ", "
                + config.dlqTopic() + ", " + config.chainsTopic() + ", " + config.alertsTopic() + ")");
        out.println("  Fixtures       " + replayed);
        out.println("  Live sessions  " + (trickleSessions > 0
                ? trickleSessions + " synthetic sessions at about " + trickleRate + " events/s"
                : "none (--trickle-sessions 0)"));
        out.println();
        out.println("Open:");
        out.println("  Live session page  " + api + "/live/execution/" + liveSession);
        out.println("  Sessions (JSON)    " + api + "/api/sessions");
        out.println("  API description   " + api + "/api   (docs/api.md)");
        out.println("  Prometheus metrics " + api + "/metrics");
        out.println("  Readiness          " + api + "/ready");
        out.println();
        out.println("CSV export of a session's timeline (the seed's endpoint):");
        out.println("  curl -OJ '" + api + "/api/telemetry?session_id=golden_session_ok&format=csv'");
        out.println("Closed chains, as they close:");
        out.println("  kcat -b " + config.bootstrapServers() + " -C -t " + config.chainsTopic() + " -o beginning");
        out.println("Offline view of the same logs:");
        out.println("  ./exectrace view --path fixtures --summary");
        out.println();
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    /** What the demo started, closed in reverse order exactly once. */
    private static final class DemoServices {
        EmbeddedKafkaBroker broker;
        ExectraceNode node;
        KafkaProducer<String, byte[]> trickleProducer;
        SyntheticFeeder trickle;
        Thread trickleThread;
        private boolean closed;

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (trickle != null) {
                trickle.stop();
                joinQuietly(trickleThread);
            }
            if (trickleProducer != null) {
                trickleProducer.close(Duration.ofSeconds(5));
            }
            if (node != null) {
                node.close();
            }
            if (broker != null) {
                broker.close();
            }
        }

        private static void joinQuietly(final Thread thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
