import io.exectrace.harness.bench.e2e.SessionIds;
import io.exectrace.producer.SynthSettings;
import io.exectrace.producer.SyntheticSessions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-line parse of bench e2e's baselines 2 and 3 in thread CPU time (robust on a shared machine): Jackson's
 * streaming parser over every token (SessionIds.STREAM, the baselines' parse now) against a Jackson tree per line
 * (SessionIds.TREE, baseline 2's parse before issue #23), alternating, on the bench's own synthetic lines (seed 1,
 * 1 000 sessions). Run after building the harness (./mvnw -B -q -pl harness -am package -DskipTests):
 * java -cp "harness/target/exectrace-harness.jar:harness/target/lib/*" harness/scripts/BaselineParseCpuTime.java [rounds]
 */
public class BaselineParseCpuTime {
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    static long sink;

    public static void main(final String[] args) {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        final SyntheticSessions generator = new SyntheticSessions(SynthSettings.defaults(1,
                java.time.Instant.parse("2025-12-20T08:00:00Z").getEpochSecond() * 1_000_000L)
                .withSessions(1000).withMaxLines(200_000));
        final List<byte[]> lines = new ArrayList<>();
        while (generator.hasNext()) {
            lines.add(generator.next().value());
        }
        for (int warm = 0; warm < 5; warm++) {
            run(SessionIds.STREAM, lines);
            run(SessionIds.TREE, lines);
        }
        final double[] stream = new double[rounds];
        final double[] tree = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            stream[r] = run(SessionIds.STREAM, lines);
            tree[r] = run(SessionIds.TREE, lines);
        }
        Arrays.sort(stream);
        Arrays.sort(tree);
        System.out.printf("%d lines x %d rounds, thread CPU ns/line, median (min-max):%n", lines.size(), rounds);
        System.out.printf("STREAM %.0f (%.0f-%.0f)%nTREE   %.0f (%.0f-%.0f)%nTREE/STREAM %.2f%n",
                stream[rounds / 2], stream[0], stream[rounds - 1], tree[rounds / 2], tree[0], tree[rounds - 1],
                tree[rounds / 2] / stream[rounds / 2]);
        if (sink == 42) {
            System.out.println();
        }
    }

    static double run(final SessionIds parse, final List<byte[]> lines) {
        final long start = CPU.getCurrentThreadCpuTime();
        for (final byte[] line : lines) {
            sink += parse.of(line).length();
        }
        return (CPU.getCurrentThreadCpuTime() - start) / (double) lines.size();
    }
}
