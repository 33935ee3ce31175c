package io.exectrace.bench;

import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticRecord;
import io.exectrace.producer.SyntheticSessions;
import io.exectrace.streams.correlation.CorrelationSettings;
import io.exectrace.streams.correlation.LatencySketch;
import io.exectrace.streams.correlation.SessionAnalyzer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost per event of the correlation step ({@link SessionAnalyzer}, in memory: chains, latencies, summary) over a
 * realistic synthetic stream, and of one latency histogram record ({@link LatencySketch}).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HotPathBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class HotPathBenchmark {
    /** Events per correlation invocation: 100 sessions of synthetic traffic. */
    static final int EVENTS = 100_000;
    private static final int LATENCIES = 4096;

    private ExecutionEvent[] events;
    private double[] latencies;
    private LatencySketch sketch;
    private int next;

    @Setup
    public void setUp() {
        final SyntheticSessions generator = new SyntheticSessions(SynthSettings.defaults(7, 1_766_217_600_000_000L)
                .withSessions(100).withMaxLines(EVENTS + EVENTS / 50));
        final ExecutionEventParser parser = new ExecutionEventParser();
        final List<ExecutionEvent> valid = new ArrayList<>();
        while (generator.hasNext() && valid.size() < EVENTS) {
            final SyntheticRecord record = generator.next();
            if (parser.parse(record.value()) instanceof ParseResult.Valid v) {
                valid.add(v.event());
            }
        }
        if (valid.size() < EVENTS) {
            throw new IllegalStateException("the generator gave only " + valid.size() + " valid events");
        }
        events = valid.toArray(new ExecutionEvent[0]);
        final SplittableRandom random = new SplittableRandom(7);
        latencies = new double[LATENCIES];
        for (int i = 0; i < LATENCIES; i++) {
            // Log-uniform from 0.1 ms to 10 s: the spread of real order-to-fill latencies.
            latencies[i] = Math.pow(10, -1 + 5 * random.nextDouble());
        }
        sketch = new LatencySketch();
    }

    /** A fresh analyzer fed the whole synthetic stream (its duplicates, late and out-of-order events included). */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long correlateEvent() {
        final long[] closed = new long[1];
        final SessionAnalyzer analyzer = new SessionAnalyzer(CorrelationSettings.defaults(), chain -> closed[0]++);
        for (final ExecutionEvent event : events) {
            analyzer.accept(event, 0L);
        }
        return closed[0] + analyzer.sessionIds().size();
    }

    @Benchmark
    public long histogramRecord() {
        sketch.record(latencies[next++ & (LATENCIES - 1)]);
        return sketch.count();
    }
}
