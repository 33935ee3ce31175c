package io.exectrace.harness.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The differences between a disturbed run and the reference: every session whose summary differs, every latency
 * profile that differs, and every chain key whose records differ (missing, extra, duplicated or changed), each
 * counted once.
 *
 * @param mismatches number of differing sessions, latency profiles and chain keys
 * @param examples   the first few differences, for the operator
 */
public record SnapshotComparison(long mismatches, List<String> examples) {
    private static final int MAX_EXAMPLES = 10;

    public static SnapshotComparison of(final PipelineSnapshot reference, final PipelineSnapshot actual) {
        final List<String> examples = new ArrayList<>();
        long mismatches = 0;
        mismatches += differences("summary of session", reference.summaries(), actual.summaries(), examples);
        mismatches += differences("latency profile", reference.latencies(), actual.latencies(), examples);
        mismatches += differences("chain", reference.chains(), actual.chains(), examples);
        return new SnapshotComparison(mismatches, examples);
    }

    private static <V> long differences(final String what, final Map<String, V> reference,
                                        final Map<String, V> actual, final List<String> examples) {
        final TreeSet<String> keys = new TreeSet<>(reference.keySet());
        keys.addAll(actual.keySet());
        long n = 0;
        for (final String key : keys) {
            final V expected = reference.get(key);
            final V found = actual.get(key);
            if (!Objects.equals(expected, found)) {
                n++;
                if (examples.size() < MAX_EXAMPLES) {
                    final String left = String.valueOf(expected);
                    final String right = String.valueOf(found);
                    final int from = Math.max(0, firstDifference(left, right) - 60);
                    examples.add(what + " " + key + ": reference " + abbreviate(left, from) + ", run "
                            + abbreviate(right, from));
                }
            }
        }
        return n;
    }

    /** Where two texts first differ (the shorter one's length when one is a prefix of the other). */
    static int firstDifference(final String a, final String b) {
        final int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    /** Up to 300 characters of {@code text} from {@code from}, so that a difference deep inside shows. */
    private static String abbreviate(final String text, final int from) {
        final int start = Math.min(from, text.length());
        final int end = Math.min(text.length(), start + 300);
        return (start > 0 ? "..." : "") + text.substring(start, end) + (end < text.length() ? "..." : "");
    }
}
