package io.exectrace.harness.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@code bench csv}: one timeline exported as CSV over HTTP, several times back to back from the same
 * app, each export's speed, and the app's heap and health during them.
 *
 * @param settings      what ran
 * @param sessionId     the exported session
 * @param expectedRows  the generator's count of the session's events
 * @param exports       every export, in order
 * @param heapBefore    used heap just before the first export, bytes (-1: unknown)
 * @param peakHeap      largest used heap sampled during the exports, bytes (-1: none sampled)
 * @param heapSamples   samples taken during them
 * @param appAlive      the app still ran after the exports
 * @param outOfMemory   its output mentions an {@code OutOfMemoryError}
 * @param loadBefore    1-minute load average before the run
 * @param loadAfter     and after it
 */
record CsvExportReport(CsvExportSettings settings, String sessionId, long expectedRows, List<Export> exports,
                       long heapBefore, long peakHeap, int heapSamples, boolean appAlive, boolean outOfMemory,
                       String loadBefore, String loadAfter) {

    /**
     * One export.
     *
     * @param rows          data rows received (header not counted)
     * @param bytes         bytes of the response body
     * @param seconds       from sending the request to the body's end (or its breaking off)
     * @param transferError why the body broke off, or null when it ended cleanly
     */
    record Export(long rows, long bytes, double seconds, String transferError) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    CsvExportReport {
        exports = List.copyOf(exports);
    }

    /** Every export brought every row, and the app survived them without running out of memory. */
    boolean passed() {
        return !exports.isEmpty() && appAlive && !outOfMemory
                && exports.stream().allMatch(e -> e.rows() == expectedRows && e.transferError() == null);
    }

    /** The median of the exports' rows/s (the lower middle one for an even count). */
    double medianRowsPerSecond() {
        final double[] rates = exports.stream().mapToDouble(Export::rowsPerSecond).sorted().toArray();
        return rates[(rates.length - 1) / 2];
    }

    /** A markdown table of the figures. */
    String table() {
        final StringBuilder out = new StringBuilder();
        out.append("| CSV export: GET /api/sessions/{id}/timeline?format=csv | value |\n");
        out.append("| --- | --- |\n");
        row(out, "session", String.format(Locale.ROOT, "%s, %d events", sessionId, expectedRows));
        for (int i = 0; i < exports.size(); i++) {
            final Export e = exports.get(i);
            row(out, "export " + (i + 1), String.format(Locale.ROOT, "%d rows%s, %.1f MB, %.2f s (request sent to"
                    + " last byte), **%.0f rows/s**, %.1f MB/s", e.rows(), e.rows() == expectedRows ? "" : " (SHORT)",
                    e.bytes() / 1e6, e.seconds(), e.rowsPerSecond(), e.bytes() / 1e6 / e.seconds())
                    + (e.transferError() == null ? "" : "; BROKE OFF: " + e.transferError()));
        }
        final double[] rates = exports.stream().mapToDouble(Export::rowsPerSecond).toArray();
        row(out, "rows/s, median (min–max)", String.format(Locale.ROOT, "**%.0f** (%.0f–%.0f) of %d exports",
                medianRowsPerSecond(), Arrays.stream(rates).min().orElse(0), Arrays.stream(rates).max().orElse(0),
                exports.size()));
        row(out, "peak heap (sampled)", String.format(Locale.ROOT, "%s of -Xmx%s (%d samples of /metrics, every"
                + " %d ms; before the first export: %s)", mb(peakHeap), settings.maxHeap(), heapSamples,
                settings.sampleInterval().toMillis(), mb(heapBefore)));
        row(out, "app after the exports", (appAlive ? "alive" : "DEAD") + (outOfMemory
                ? ", OutOfMemoryError in its output" : ", no OutOfMemoryError in its output"));
        row(out, "load average (1 min)", loadBefore + " before, " + loadAfter + " after");
        return out.toString();
    }

    private static void row(final StringBuilder out, final String name, final String value) {
        out.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String mb(final long bytes) {
        return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
