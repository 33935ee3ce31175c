import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.exectrace.events.ExecutionEventParser;
import io.exectrace.events.ParseResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parser cost in thread CPU time rather than wall time: on a machine shared by many busy processes a thread's
 * wall time is mostly time spent descheduled, its CPU time is not. Same samples as ParserBenchmark, with the bare
 * Jackson token walk as the same-run baseline. Run against any benchmarks.jar (e.g. before and after a change):
 * java -cp bench/target/benchmarks.jar bench/scripts/ParserCpuTime.java
 */
public class ParserCpuTime {
    static final String TELEMETRY_ORDER = "{\"ts\": \"2025-12-20T10:00:00.150123+00:00\", \"session_id\": "
            + "\"golden_ok_001\", \"symbol\": \"BTC-USD\", \"mode\": \"PAPER\", \"kind\": \"order\", \"payload\": "
            + "{\"client_id\": \"order_001\", \"intent_id\": \"intent_001\", \"side\": \"BUY\", \"quantity\": 0.5, "
            + "\"order_type\": \"MARKET\"}}";
    static final String LEDGER_ACK = "{\"ts\": \"2025-12-20T10:00:01.250Z\", \"mode\": \"shadow\", \"run_id\": "
            + "\"run-7\", \"stage\": \"ack\", \"strategy_id\": \"s1\", \"symbol\": \"BTC-EUR\", \"exchange\": \"kraken\", "
            + "\"intent_id\": \"i-1\", \"client_order_id\": \"c-1\", \"broker_order_id\": \"k-9\", \"correlation_id\": "
            + "\"t-1\", \"status\": \"acked\", \"qty\": 1.0, \"price\": 123.4, \"fee\": 0.0, \"reason\": \"\", "
            + "\"latency_ms\": 12.5}";
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    static final ExecutionEventParser PARSER = new ExecutionEventParser();
    static final JsonFactory JACKSON = new JsonFactory();
    static long sink;

    public static void main(final String[] args) throws Exception {
        final byte[] order = TELEMETRY_ORDER.getBytes(StandardCharsets.UTF_8);
        final byte[] ack = LEDGER_ACK.getBytes(StandardCharsets.UTF_8);
        final int n = 200_000;
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        final double[][] ns = new double[3][rounds];
        for (int warm = 0; warm < 5; warm++) {
            parse(order, n);
            parse(ack, n);
            walk(order, n);
        }
        for (int r = 0; r < rounds; r++) {
            ns[0][r] = time(() -> walk(order, n)) / n;
            ns[1][r] = time(() -> parse(order, n)) / n;
            ns[2][r] = time(() -> parse(ack, n)) / n;
        }
        final String[] names = {"jacksonTokenWalkBaseline", "telemetryOrder", "ledgerAck"};
        final double baseline = median(ns[0]);
        for (int i = 0; i < 3; i++) {
            final double[] v = ns[i].clone();
            Arrays.sort(v);
            System.out.printf("%-26s median %7.0f ns  min %7.0f  max %7.0f  ratio to baseline %.2f%n", names[i],
                    median(ns[i]), v[0], v[v.length - 1], median(ns[i]) / baseline);
        }
        System.out.println(sink == 42 ? "" : "(cpu time per op, " + rounds + " rounds of " + n + ")");
    }

    interface Work {
        void run() throws Exception;
    }

    static double time(final Work work) throws Exception {
        final long start = CPU.getCurrentThreadCpuTime();
        work.run();
        return CPU.getCurrentThreadCpuTime() - start;
    }

    static double median(final double[] values) {
        final double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    static void parse(final byte[] line, final int n) {
        for (int i = 0; i < n; i++) {
            if (PARSER.parse(line) instanceof ParseResult.Valid valid) {
                sink += valid.event().tsMicros();
            }
        }
    }

    static void walk(final byte[] line, final int n) throws Exception {
        for (int i = 0; i < n; i++) {
            try (JsonParser p = JACKSON.createParser(line)) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    sink++;
                }
            }
        }
    }
}
