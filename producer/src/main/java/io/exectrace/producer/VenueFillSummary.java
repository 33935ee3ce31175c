package io.exectrace.producer;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@code produce venue-fills} sent.
 *
 * @param files        files read
 * @param sent         valid fills sent to the fills topic
 * @param deadLettered invalid entries sent to the dead-letter topic, by reason label (sorted)
 * @param elapsedNanos wall-clock time of the sending
 */
public record VenueFillSummary(int files, long sent, SortedMap<String, Long> deadLettered, long elapsedNanos) {

    public VenueFillSummary {
        deadLettered = new TreeMap<>(deadLettered);
    }

    /** Entries dead-lettered, whatever the reason. */
    public long deadLetteredTotal() {
        return deadLettered.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The one-line summary the CLI prints. */
    public String describe(final String topic, final String dlqTopic) {
        final String reasons = deadLettered.isEmpty() ? "" : deadLettered.entrySet().stream()
                .map((Map.Entry<String, Long> e) -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
        return String.format(Locale.ROOT, "sent %d venue fills from %d file(s) to %s; dead-lettered %d to %s%s"
                + " in %.2f s", sent, files, topic, deadLetteredTotal(), dlqTopic, reasons, elapsedNanos / 1e9);
    }
}
