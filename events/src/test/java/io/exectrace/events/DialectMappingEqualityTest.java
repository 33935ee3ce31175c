package io.exectrace.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.exectrace.events.fixtures.GoldenFixture;
import io.exectrace.events.fixtures.GoldenFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped mapping files of dialects A, B and C ({@code dialects/}) say what the built-in parser does: read by
 * the mapping interpreter alone, every line of every fixture gives the very same result (event, or reason and
 * detail), and so do records that exercise each field's aliases, levels and odd types.
 */
class DialectMappingEqualityTest {
    private static final Path SHIPPED = GoldenFixtures.folder().resolveSibling("dialects");
    private static final ExecutionEventParser BUILT_IN = new ExecutionEventParser();
    private static final ExecutionEventParser INTERPRETED = Dialects.interpreted(SHIPPED).parser();

    static List<GoldenFixture> fixtures() {
        return GoldenFixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureLineGivesTheSameResult(final GoldenFixture fixture) {
        for (final byte[] line : fixture.lines()) {
            assertThat(INTERPRETED.parse(line)).as(new String(line, java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(BUILT_IN.parse(line));
        }
    }

    @Test
    void theFixturesCoverEveryDialect() {
        assertThat(fixtures().stream().flatMap(f -> f.lines().stream()).map(BUILT_IN::parse)
                .filter(r -> r instanceof ParseResult.Valid).map(r -> ((ParseResult.Valid) r).event().dialect())
                .distinct()).containsExactlyInAnyOrder(Dialect.TELEMETRY_V1, Dialect.LEDGER_V1,
                        Dialect.EXECUTION_EVENT_V1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // aliases and levels: payload beats top level, order_id > client_order_id > client_id > idempotency_key
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",\"kind\":\"order\",\"client_id\":\"top\","
                + "\"payload\":{\"client_id\":\"c\",\"client_order_id\":\"co\",\"quantity\":1,\"qty\":2}}",
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"run_id\":\"r\",\"session_id\":\"s\",\"stage\":\"fill\",\"qty\":1,"
                + "\"filled_quantity\":0.5,\"fee\":1,\"fill_fee\":2,\"fill_price\":3,\"price\":4,\"gate\":\"g\"}",
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"run_id\":\"r\",\"stage\":\"ack\",\"idempotency_key\":\"k\","
                + "\"exchange_order_id\":\"x\",\"broker_order_id\":\"b\",\"symbol\":\"BTC/EUR\"}",
        // odd types: numeric ids kept and flagged, texts of the wrong type dropped, bad numbers flagged
        "{\"ts\":\"2025-12-20T10:00:00\",\"session_id\":\"s\",\"kind\":\"intent\",\"payload\":{\"intent_id\":7,"
                + "\"strategy_key\":5,\"strategy_id\":true,\"quantity\":\"1\",\"side\":\"Long\",\"symbol\":3}}",
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",\"kind\":\"error\",\"error\":\"boom\","
                + "\"payload\":{\"order_id\":{\"a\":1},\"correlation_id\":[1]}}",
        // gates
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",\"kind\":\"gate\",\"payload\":{\"gate_name\":\"g\","
                + "\"decision\":\"block\",\"reason\":\"r\"}}",
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",\"kind\":\"gate\",\"passed\":true,"
                + "\"payload\":{\"decision\":\"BLOCK\"}}",
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",\"kind\":\"gate\",\"payload\":{}}",
        // failures after the dialect is known
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"  \",\"kind\":\"fill\"}",
        "{\"ts\":12,\"session_id\":\"s\",\"kind\":\"fill\"}",
        "{\"ts\":\"yesterday\",\"session_id\":\"s\",\"stage\":\"fill\"}",
        "{\"session_id\":\"s\",\"stage\":\"fill\"}",
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",\"stage\":\"filled\"}",
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",\"kind\":7}",
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",\"kind\":\"fill\",\"payload\":{\"a\":1,\"a\":2}}",
        "{\"schema_version\":\"execution_event.v1\",\"ts\":1766246400.123456,\"event_type\":\"intent_x\","
                + "\"run_id\":\"r\",\"mode\":\"LIVE\",\"side\":\"sell\",\"extra\":{\"order_id\":\"no\"}}",
        "{\"schema_version\":\"EXECUTION_EVENT.V1\",\"ts\":\"2025-12-20T10:00:00Z\",\"event_type\":\"fill\","
                + "\"run_id\":\"r\"}",
        "{\"schema_version\":\"execution_event.v1\",\"ts\":1766246400,\"event_type\":\"nope\",\"run_id\":\"r\"}",
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",\"kind\":\"fill\",\"payload\":[1,2",
        "{\"ts\":\"2025-12-20T10:00:00Z\",\"session_id\":\"s\",\"kind\":\"fill\"} {}"})
    void edgeRecordsGiveTheSameResult(final String json) {
        final byte[] bytes = Records.utf8(json);
        assertThat(INTERPRETED.parse(bytes)).isEqualTo(BUILT_IN.parse(bytes));
    }

    @Test
    void theShippedFilesAreServedByTheBuiltInParser() {
        final Dialects shipped = Dialects.load(SHIPPED);
        assertThat(shipped.definitions()).extracting(Dialects.Definition::name)
                .containsExactly("telemetry_v1", "ledger_v1", "execution_event_v1");
        assertThat(shipped.definitions()).allMatch(Dialects.Definition::builtInFastPath);
        final byte[] line = fixtures().get(0).lines().get(0);
        assertThat(shipped.parser().parse(line)).isEqualTo(BUILT_IN.parse(line));
    }
}
