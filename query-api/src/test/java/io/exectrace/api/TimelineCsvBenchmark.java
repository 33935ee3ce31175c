package io.exectrace.api;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.streams.timeline.TimelineKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.utils.Bytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of one timeline CSV row ({@link EventView#csv}, the row {@code format=csv} streams) written through
 * {@link CsvWriter} into a stream that only counts bytes. A JMH benchmark among the API's tests, in the API's package
 * because the writer is package-private there; bench packs it into its benchmarks.jar with the other JMH benchmarks.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar TimelineCsvBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TimelineCsvBenchmark {
    private static final String LEDGER_FILL = "{\"ts\": \"2025-12-20T10:00:01.250Z\", \"mode\": \"shadow\", \"run_id\": "
            + "\"run-7\", \"stage\": \"fill\", \"strategy_id\": \"s1\", \"symbol\": \"BTC-EUR\", \"exchange\": \"kraken\", "
            + "\"intent_id\": \"i-1\", \"client_order_id\": \"c-1\", \"broker_order_id\": \"k-9\", \"side\": \"buy\", "
            + "\"status\": \"filled\", \"qty\": 0.25, \"price\": 97123.45, \"fee\": 0.12}";

    private ExecutionEvent event;
    private Bytes key;
    private CountingStream sink;
    private CsvWriter csv;

    @Setup
    public void setUp() {
        final ParseResult parsed = new ExecutionEventParser().parse(LEDGER_FILL.getBytes(StandardCharsets.UTF_8));
        if (!(parsed instanceof ParseResult.Valid valid)) {
            throw new IllegalStateException("benchmark sample is not valid: " + parsed);
        }
        event = valid.event();
        key = TimelineKey.of(event.sessionId(), event.tsMicros(), event.fingerprint());
        sink = new CountingStream();
        csv = new CsvWriter(sink);
    }

    @Benchmark
    public long timelineRow() {
        EventView.csv(csv, key, event);
        return sink.bytes;
    }

    /** Flushes what the writer buffered, so the measured rows really reach the stream. */
    @org.openjdk.jmh.annotations.TearDown
    public void tearDown() throws IOException {
        csv.flush();
    }
}
