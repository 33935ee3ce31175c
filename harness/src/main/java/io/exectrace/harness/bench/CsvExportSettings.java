package io.exectrace.harness.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code bench csv} runs.
 *
 * @param events         synthetic events of the one session exported (no duplicates, no invalid lines, so every
 *                       one is a timeline row)
 * @param exports        how many times the timeline is exported, back to back from the same app
 * @param maxHeap        the app's {@code -Xmx}, e.g. {@code 256m}
 * @param sampleInterval time between two heap samples from the app's {@code /metrics}
 * @param loadTimeout    the longest the app may take to consume the events
 * @param seed           seed of the events
 * @param workDir        broker data, app state, config and log
 */
record CsvExportSettings(long events, int exports, String maxHeap, Duration sampleInterval, Duration loadTimeout, long seed,
                         Path workDir) {

    CsvExportSettings {
        if (events <= 0) {
            throw new IllegalArgumentException("--events must be positive, got " + events);
        }
        if (exports <= 0) {
            throw new IllegalArgumentException("--exports must be positive, got " + exports);
        }
        if (!maxHeap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("--heap must be a JVM heap size such as 256m, got " + maxHeap);
        }
        if (sampleInterval.isNegative() || sampleInterval.isZero()) {
            throw new IllegalArgumentException("--heap-sample-interval must be positive");
        }
    }
}
