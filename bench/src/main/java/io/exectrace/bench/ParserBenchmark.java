package io.exectrace.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.exectrace.events.ExecutionEventParser;
import java.io.IOException;
import io.exectrace.events.ParseResult;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of parsing one record value: a typical line of each dialect and a truncated (invalid) line, next to
 * the floor under them: Jackson's bare token walk over the same telemetry line, building no values.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ParserBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ParserBenchmark {
    /** Peak_Trade's telemetry order line with Python's isoformat timestamp: 250 bytes. */
    static final String TELEMETRY_ORDER = "{\"ts\": \"2025-12-20T10:00:00.150123+00:00\", \"session_id\": "
            + "\"golden_ok_001\", \"symbol\": \"BTC-USD\", \"mode\": \"PAPER\", \"kind\": \"order\", \"payload\": "
            + "{\"client_id\": \"order_001\", \"intent_id\": \"intent_001\", \"side\": \"BUY\", \"quantity\": 0.5, "
            + "\"order_type\": \"MARKET\"}}";

    /** The ledger contract's ack line: 341 bytes. */
    static final String LEDGER_ACK = "{\"ts\": \"2025-12-20T10:00:01.250Z\", \"mode\": \"shadow\", \"run_id\": "
            + "\"run-7\", \"stage\": \"ack\", \"strategy_id\": \"s1\", \"symbol\": \"BTC-EUR\", \"exchange\": \"kraken\", "
            + "\"intent_id\": \"i-1\", \"client_order_id\": \"c-1\", \"broker_order_id\": \"k-9\", \"correlation_id\": "
            + "\"t-1\", \"status\": \"acked\", \"qty\": 1.0, \"price\": 123.4, \"fee\": 0.0, \"reason\": \"\", "
            + "\"latency_ms\": 12.5}";

    private final ExecutionEventParser parser = new ExecutionEventParser();
    private final JsonFactory plainJackson = new JsonFactory();
    private byte[] telemetryOrder;
    private byte[] ledgerAck;
    private byte[] truncated;

    @Setup
    public void setUp() {
        telemetryOrder = TELEMETRY_ORDER.getBytes(StandardCharsets.UTF_8);
        ledgerAck = LEDGER_ACK.getBytes(StandardCharsets.UTF_8);
        // A producer that died mid-write: the line stops inside the payload.
        truncated = TELEMETRY_ORDER.substring(0, 180).getBytes(StandardCharsets.UTF_8);
        requireValid(parser.parse(telemetryOrder));
        requireValid(parser.parse(ledgerAck));
        if (!(parser.parse(truncated) instanceof ParseResult.Invalid)) {
            throw new IllegalStateException("truncated sample parsed as valid");
        }
    }

    @Benchmark
    public ParseResult telemetryOrder() {
        return parser.parse(telemetryOrder);
    }

    @Benchmark
    public ParseResult ledgerAck() {
        return parser.parse(ledgerAck);
    }

    @Benchmark
    public ParseResult truncatedLine() {
        return parser.parse(truncated);
    }

    @Benchmark
    public int jacksonTokenWalkBaseline() throws IOException {
        int tokens = 0;
        try (JsonParser walk = plainJackson.createParser(telemetryOrder)) {
            for (JsonToken t = walk.nextToken(); t != null; t = walk.nextToken()) {
                tokens++;
            }
        }
        return tokens;
    }

    private static void requireValid(final ParseResult result) {
        if (!(result instanceof ParseResult.Valid)) {
            throw new IllegalStateException("benchmark sample is not valid: " + result);
        }
    }
}
