package io.exectrace.launcher.bench;

import java.util.Locale;

/**
 * The result of {@code bench csv}: one timeline exported as CSV over HTTP, its speed, and the app's heap and
 * health during it.
 *
 * @param settings       what ran
 * @param sessionId      the exported session
 * @param expectedRows   the generator's count of the session's events
 * @param rows           data rows received (header not counted)
 * @param bytes          bytes of the response body
 * @param seconds        from sending the request to the body's end (or its breaking off)
 * @param transferError  why the body broke off, or null when it ended cleanly
 * @param heapBefore     used heap just before the export, bytes (-1: unknown)
 * @param peakHeap       largest used heap sampled during it, bytes (-1: none sampled)
 * @param heapSamples    samples taken during it
 * @param appAlive       the app still ran after the export
 * @param outOfMemory    its output mentions an {@code OutOfMemoryError}
 * @param loadBefore     1-minute load average before the run
 * @param loadAfter      and after it
 */
record CsvExportReport(CsvExportSettings settings, String sessionId, long expectedRows, long rows, long bytes,
                       double seconds, String transferError, long heapBefore, long peakHeap, int heapSamples,
                       boolean appAlive, boolean outOfMemory, String loadBefore, String loadAfter) {

    /** Every row arrived, and the app survived it without running out of memory. */
    boolean passed() {
        return rows == expectedRows && transferError == null && appAlive && !outOfMemory;
    }

    double rowsPerSecond() {
        return rows / seconds;
    }

    /** A markdown table of the figures. */
    String table() {
        final StringBuilder out = new StringBuilder();
        out.append("| CSV export: GET /api/sessions/{id}/timeline?format=csv | value |\n");
        out.append("| --- | --- |\n");
        row(out, "rows", String.format(Locale.ROOT, "%d of %d expected (session %s)%s", rows, expectedRows,
                sessionId, rows == expectedRows ? "" : ": SHORT"));
        row(out, "bytes", String.format(Locale.ROOT, "%d (%.1f MB)", bytes, bytes / 1e6));
        row(out, "time", String.format(Locale.ROOT, "%.2f s (request sent to last byte)", seconds)
                + (transferError == null ? "" : "; BROKE OFF: " + transferError));
        row(out, "rows/s", String.format(Locale.ROOT, "%.0f", rowsPerSecond()));
        row(out, "MB/s", String.format(Locale.ROOT, "%.1f", bytes / 1e6 / seconds));
        row(out, "peak heap (sampled)", String.format(Locale.ROOT, "%s of -Xmx%s (%d samples of /metrics, every"
                + " %d ms; before the export: %s)", mb(peakHeap), settings.maxHeap(), heapSamples,
                settings.sampleInterval().toMillis(), mb(heapBefore)));
        row(out, "app after the export", (appAlive ? "alive" : "DEAD") + (outOfMemory
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
