package io.exectrace.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exectrace.events.fixtures.OrdersServiceDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dialects check} and {@code dialects test} offline, {@code view --dialects} over a dialect defined only by
 * a mapping file, and {@code run} refusing to start on a bad mapping file: each problem one line naming the file,
 * the line and the problem.
 */
class DialectsCommandTest {
    private static final String SHIPPED = "../dialects";

    static final String ORDERS_SVC = OrdersServiceDialect.MAPPING;

    static final String ORDERS_SVC_LOG = String.join("\n",
            OrdersServiceDialect.record("svc", 1_766_246_400_000L, "SIGNAL_X", ",\"direction\":\"long\",\"amount\":2"),
            OrdersServiceDialect.record("svc", 1_766_246_400_040L, "ORDER_NEW",
                    ",\"direction\":\"long\",\"amount\":2,\"ref\":{\"client\":\"c-1\"}"),
            OrdersServiceDialect.record("svc", 1_766_246_400_100L, "ORDER_FILL",
                    ",\"direction\":\"long\",\"filled\":2,\"ref\":{\"client\":\"c-1\"}"),
            OrdersServiceDialect.record("svc", 1_766_246_400_200L, "ORDER_GONE", ""),
            "");

    @TempDir
    Path dir;

    @Test
    void checkListsTheDialectsOfTheShippedFolder() {
        final CliRun run = CliRun.of("dialects", "check", SHIPPED);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lines()).containsExactly(
                "telemetry_v1: built in (../dialects/telemetry_v1.yaml says the same); recognised by kind",
                "ledger_v1: built in (../dialects/ledger_v1.yaml says the same); recognised by stage",
                "execution_event_v1: built in (../dialects/execution_event_v1.yaml says the same); recognised by "
                        + "schema_version = execution_event.v1",
                "3 mapping file(s) in ../dialects: valid");
    }

    @Test
    void checkNamesTheFileTheLineAndTheProblem() throws IOException {
        OrdersServiceDialect.write(dir, ORDERS_SVC.replace("ORDER_FILL: fill", "ORDER_FILL: filled"));
        final CliRun run = CliRun.of("dialects", "check", dir.toString());
        assertThat(run.exitCode()).isEqualTo(OneLineErrors.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString().startsWith("exectrace dialects check: "
                + dir.resolve("orders_svc.yaml") + ":10: unknown stage 'filled' for value 'ORDER_FILL'");
    }

    @Test
    void testShowsWhatEachLineBecomes() throws IOException {
        OrdersServiceDialect.write(dir, ORDERS_SVC);
        final Path log = Files.writeString(dir.resolve("svc.jsonl"), ORDERS_SVC_LOG);
        final CliRun run = CliRun.of("dialects", "test", dir.toString(), log.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        final List<String> lines = run.lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("1: {\"ts\":\"2025-12-20T16:00:00.000Z\",\"session_id\":\"svc\","
                + "\"stage\":\"intent\",\"symbol\":\"BTC-EUR\",\"side\":\"BUY\",\"quantity\":2.0,\"dialect\":\"mapped\"");
        assertThat(lines.get(2)).contains("\"stage\":\"fill\"", "\"order_id\":\"c-1\"");
        assertThat(lines.get(3)).isEqualTo("4: invalid UNKNOWN_KIND: unknown type \"ORDER_GONE\" (session svc)");
        assertThat(run.err()).contains("4 line(s), 3 valid, 1 invalid");
    }

    @Test
    void testReadsDialectCWithTheShippedFolder() {
        final CliRun run = CliRun.of("dialects", "test", SHIPPED, "../fixtures/execution_event_v1.jsonl");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).hasSize(30);
        assertThat(run.lines().get(1)).contains("\"stage\":\"submit\"", "\"symbol\":\"BTC-EUR\"",
                "\"order_id\":\"o-1\"", "\"dialect\":\"execution_event_v1\"");
        assertThat(run.lines().get(27)).startsWith("28: invalid MISSING_SESSION: neither session_id nor run_id");
        assertThat(run.err()).contains("30 line(s), 27 valid, 3 invalid");
    }

    @Test
    void viewReadsTheDialectsTheStreamReads() throws IOException {
        OrdersServiceDialect.write(dir, ORDERS_SVC);
        final Path log = Files.writeString(dir.resolve("svc.jsonl"), ORDERS_SVC_LOG);
        final CliRun run = CliRun.of("view", "--dialects", dir.toString(), "--path", log.toString(), "--summary",
                "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        final JsonNode summary = run.json().get(0);
        assertThat(summary.path("session_id").asText()).isEqualTo("svc");
        assertThat(summary.path("events").asLong()).isEqualTo(3);
        assertThat(summary.path("parse_errors").asLong()).isEqualTo(1);
        assertThat(summary.path("chains_by_outcome").path("filled").asLong()).isEqualTo(1);
        assertThat(summary.path("latency_ms").path("intent_to_fill").path("max").asDouble()).isEqualTo(100.0);

        final CliRun without = CliRun.of("view", "--path", log.toString(), "--summary", "--json");
        assertThat(without.json()).extracting(s -> s.path("events").asLong()).containsExactly(0L);
    }

    @Test
    void viewRefusesABadMappingFolder() throws IOException {
        OrdersServiceDialect.write(dir, ORDERS_SVC.replace("epoch_ms", "epoch_ns"));
        final CliRun run = CliRun.of("view", "--dialects", dir.toString(), "--path", "../fixtures", "--summary");
        assertThat(run.exitCode()).isEqualTo(OneLineErrors.BAD_INPUT);
        assertThat(run.err().lines().toList()).singleElement().asString().contains(dir.resolve("orders_svc.yaml")
                + ":3: unparseable timestamp format 'epoch_ns'");
    }

    @Test
    void runDoesNotStartWithABadMappingFile() throws IOException {
        final Path dialects = Files.createDirectory(dir.resolve("dialects"));
        OrdersServiceDialect.write(dialects, ORDERS_SVC.replace("quantity: [amount]", "quantities: [amount]"));
        final Path config = Files.writeString(dir.resolve("exectrace.properties"), "dialects.dir=" + dialects + "\n"
                + "bootstrap.servers=127.0.0.1:1\n");
        final CliRun run = CliRun.of("run", "--config", config.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err().lines().toList()).singleElement().asString().contains(dialects.resolve("orders_svc.yaml")
                + ":19: unknown field 'quantities'");
    }
}
