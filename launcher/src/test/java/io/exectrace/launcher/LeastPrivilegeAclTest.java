package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exectrace.broker.EmbeddedKafkaCluster;
import io.exectrace.producer.JsonlReplayer;
import io.exectrace.producer.ReplayProgress;
import io.exectrace.streams.access.ExectraceAcls;
import io.exectrace.streams.access.RequiredAcl;
import io.exectrace.streams.config.ExectraceConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * exectrace on a secured cluster (SASL_SSL/SCRAM, ACLs required) with nothing but the ACLs of
 * {@link ExectraceAcls} (docs/operations.md lists the same): the pipeline runs end to end; and with each of them
 * taken away in turn, start-up names the missing one in one log line and in {@code /ready}, waits instead of
 * crashing, and starts once it is granted again.
 */
class LeastPrivilegeAclTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("..", "fixtures");
    private static EmbeddedKafkaCluster cluster;
    private static SecuredClusterAccess access;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startCluster() {
        // One node: the ACLs do not depend on the node count, and the three-node cluster has its own test.
        cluster = EmbeddedKafkaCluster.builder().nodes(1).secure(true).start();
        access = SecuredClusterAccess.prepare(cluster, ExectraceConfig.load(null, Map.of()));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void thePipelineRunsEndToEndWithOnlyTheDocumentedAcls() throws Exception {
        final ExectraceConfig config = appConfig(freePort());
        try (ExectraceNode node = ExectraceNode.start(config, Duration.ofMinutes(2))) {
            replay("golden_session_ok.jsonl", "golden_session_bad_lines.jsonl");
            final JsonNode chains = poll(node.apiUrl() + "/api/sessions/golden_session_ok/chains",
                    body -> body.path("chains").size() == 3);
            assertThat(chains.path("chains").findValuesAsText("outcome")).containsOnly("filled");
            final JsonNode summary = poll(node.apiUrl() + "/api/sessions/golden_session_ok",
                    body -> body.path("events").asInt() == 10);
            assertThat(summary.path("events").asInt()).isEqualTo(10);
            // The output topics were written under the app's ACLs: three chains, three dead letters.
            assertThat(readAsAdmin(config.chainsTopic(), 3)).filteredOn(r -> "golden_session_ok".equals(r.key()))
                    .hasSize(3);
            assertThat(readAsAdmin(config.dlqTopic(), 3)).hasSize(3);
        }
    }

    @Test
    void eachMissingAclIsNamedOnceInTheLogAndInReadyAndGrantingItStartsThePipeline() throws Exception {
        final ListAppender<ILoggingEvent> log = captureAccessWaitLog();
        final List<RequiredAcl> acls = ExectraceAcls.application(ExectraceConfig.load(null, Map.of()),
                "User:" + SecuredClusterAccess.APP_USER);
        try {
            for (int i = 0; i < acls.size(); i++) {
                final RequiredAcl acl = acls.get(i);
                final boolean last = i == acls.size() - 1;
                log.list.clear();
                revoke(acl);
                final int port = freePort();
                final CompletableFuture<ExectraceNode> started = new CompletableFuture<>();
                final Thread starter = new Thread(() -> {
                    try {
                        started.complete(ExectraceNode.start(appConfig(port), Duration.ofMinutes(2)));
                    } catch (Throwable e) {
                        started.completeExceptionally(e);
                    }
                }, "acl-test-start");
                starter.start();
                final JsonNode ready = poll("http://127.0.0.1:" + port + "/ready",
                        body -> body.path("missing_acls").size() > 0);
                assertThat(ready.path("status").asText()).isEqualTo("not_ready");
                assertThat(JSON.convertValue(ready.path("missing_acls"), List.class)).as(acl.description())
                        .containsExactly(acl.description());
                if (i == 0) {
                    // A re-check (every 10 s) finding the same gap logs nothing new.
                    Thread.sleep(11_000);
                    final CliRun view = CliRun.of("view", "--api", "http://127.0.0.1:" + port, "--summary");
                    assertThat(view.exitCode()).isEqualTo(OneLineErrors.KAFKA_UNAVAILABLE);
                    assertThat(view.err().strip()).doesNotContain("\n")
                            .contains("not ready (503, retry after 10 s): waiting for missing ACLs: "
                                    + acl.description());
                }
                assertThat(errors(log)).as(acl.description()).hasSize(1).first().asString()
                        .contains("missing ACLs: " + acl.description());
                assertThat(started).as("still waiting, not crashed").isNotDone();
                SecuredClusterAccess.grant(cluster, List.of(acl));
                if (last) {
                    // Granted again: the pipeline starts by itself.
                    try (ExectraceNode node = started.get(90, TimeUnit.SECONDS)) {
                        poll(node.apiUrl() + "/ready", body -> "ready".equals(body.path("status").asText()));
                    }
                } else {
                    starter.interrupt();
                    starter.join(30_000);
                }
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(AccessWait.class)).detachAppender(log);
        }
    }

    @Test
    void theProducerSendsVenueFillsAndTheirDeadLettersWithOnlyTheDocumentedAcls() {
        final CliRun run = CliRun.of("produce", "venue-fills", "--producer-config", access.producerConfig().toString(),
                "--format", "kraken-trades", FIXTURES.resolve("venue").resolve("ledger_v1.kraken-trades.json").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(readAsAdmin("venue-fills", 6)).hasSize(6);
        assertThat(readAsAdmin("venue-fills-dlq", 5)).hasSize(5);
    }

    @Test
    void produceAndRunSayInOneLineWhyTheClusterRefusedThem(@TempDir final Path files) throws Exception {
        final Map<String, String> producer = new HashMap<>(access.producer().clientProperties());
        producer.put("bootstrap.servers", cluster.bootstrapServers());

        final Map<String, String> wrongPassword = new HashMap<>(producer);
        wrongPassword.put("sasl.jaas.config", producer.get("sasl.jaas.config")
                .replace(access.producer().password(), "wrong"));
        assertOneLine(produce(files.resolve("wrong.properties"), wrongPassword),
                "refused the login of user \"exectrace-producer\" (SCRAM-SHA-512): wrong user name or password");

        final Map<String, String> untrusted = new HashMap<>(producer);
        untrusted.keySet().removeIf(key -> key.startsWith("ssl.truststore."));
        assertOneLine(produce(files.resolve("untrusted.properties"), untrusted),
                "failed: the broker's certificate is not trusted");

        final Map<String, String> noAcl = new HashMap<>(access.app().clientProperties());
        noAcl.put("bootstrap.servers", cluster.bootstrapServers());
        assertOneLine(produce(files.resolve("app-user.properties"), noAcl),
                "not authorised to write to topic execution-events as user \"exectrace\": missing ACL WRITE on "
                        + "topic execution-events");

        final Path runConfig = files.resolve("run.properties");
        final List<String> lines = new ArrayList<>(java.nio.file.Files.readAllLines(access.runConfig()));
        lines.replaceAll(line -> line.replace(access.app().password(), "wrong"));
        lines.add("api.port=" + freePort());
        java.nio.file.Files.write(runConfig, lines);
        assertOneLine(CliRun.of("run", "--config", runConfig.toString()),
                "refused the login of user \"exectrace\" (SCRAM-SHA-512): wrong user name or password");
    }

    private static CliRun produce(final Path file, final Map<String, String> properties) throws IOException {
        final java.util.Properties props = new java.util.Properties();
        props.putAll(properties);
        try (java.io.Writer out = java.nio.file.Files.newBufferedWriter(file)) {
            props.store(out, null);
        }
        return CliRun.of("produce", "synth", "--producer-config", file.toString(), "--events", "5");
    }

    private static void assertOneLine(final CliRun run, final String cause) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(OneLineErrors.KAFKA_UNAVAILABLE);
        assertThat(run.err().strip()).as(run.err()).doesNotContain("\n").contains(cause);
    }

    private ExectraceConfig appConfig(final int apiPort) {
        final Map<String, String> env = new HashMap<>();
        env.put("EXECTRACE_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
        env.put("EXECTRACE_STATE_DIR", stateDir.resolve("state-" + apiPort).toString());
        env.put("EXECTRACE_API_PORT", Integer.toString(apiPort));
        env.put("EXECTRACE_SETTLE_TIME", "200ms");
        return ExectraceConfig.load(null, env).withKafkaOverrides(access.app().clientProperties());
    }

    private static void replay(final String... fixtures) throws Exception {
        final Map<String, Object> config = new HashMap<>(access.producer().clientProperties());
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", ByteArraySerializer.class.getName());
        final List<Path> files = new ArrayList<>();
        for (final String fixture : fixtures) {
            files.add(FIXTURES.resolve(fixture));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            new JsonlReplayer(producer, "execution-events", 0).replay(files, ReplayProgress.NONE);
        }
    }

    private static List<ConsumerRecord<String, String>> readAsAdmin(final String topic, final int expected) {
        final Map<String, Object> config = cluster.adminConfig();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    private static void revoke(final RequiredAcl acl) throws Exception {
        try (Admin admin = Admin.create(cluster.adminConfig())) {
            admin.deleteAcls(List.of(acl.binding().toFilter())).all().get(30, TimeUnit.SECONDS);
        }
    }

    private JsonNode poll(final String url, final Predicate<JsonNode> done) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last = JSON.readTree(response.body());
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no matching answer from " + url + " within 60 s; last: " + last);
    }

    private static List<String> errors(final ListAppender<ILoggingEvent> log) {
        return log.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static ListAppender<ILoggingEvent> captureAccessWaitLog() {
        final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(AccessWait.class)).addAppender(appender);
        return appender;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
