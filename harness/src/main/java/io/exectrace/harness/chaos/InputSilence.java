package io.exectrace.harness.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The longest time one session's input was silent on the input topic, by the records' timestamps (their arrival,
 * as the app's idle clock reads them). A paced producer stalled by a fault (a send blocked while leaders move)
 * leaves such a silence; once it reaches the app's idle timeout, the app rightly closes the session there, which an
 * in-memory reference fed without arrival times cannot know.
 *
 * @param session the session of the longest silence (the record key), or null when no session had two records
 * @param longest how long it was
 */
record InputSilence(String session, Duration longest) {

    /** Reads the whole input topic ({@code expected} records) and finds the longest silence of one key. */
    static InputSilence read(final String bootstrapServers, final String topic, final long expected,
                             final Duration patience) {
        final Map<String, Long> lastAt = new HashMap<>();
        final String[] session = new String[1];
        final long[] longest = new long[1];
        TopicDrain.drain(bootstrapServers, topic, expected, patience, record -> {
            final String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            final Long previous = lastAt.put(key, record.timestamp());
            if (previous != null && record.timestamp() - previous > longest[0]) {
                longest[0] = record.timestamp() - previous;
                session[0] = key;
            }
        });
        return new InputSilence(session[0], Duration.ofMillis(longest[0]));
    }
}
