package io.exectrace.streams.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * The offset of the last record a stream task's processors handled, per source topic (a task reads one partition
 * of each). Compared with what the task's consumer has fetched, it tells whether records still wait in the task's
 * buffer: the consumer's lag cannot, since it counts fetched records as consumed. Written and read by the task's
 * own stream thread.
 */
public class ProcessedOffsets {
    /** Offsets nobody asks for (a backlog that cannot tell). */
    public static final ProcessedOffsets IGNORED = new ProcessedOffsets() {
        @Override
        public void note(final String topic, final long offset) {
            // not tracked
        }
    };

    private final Map<String, long[]> byTopic = new HashMap<>();

    /** A record of {@code topic} at {@code offset} was processed. */
    public void note(final String topic, final long offset) {
        final long[] last = byTopic.get(topic);
        if (last == null) {
            byTopic.put(topic, new long[] {offset});
        } else {
            last[0] = offset;
        }
    }

    /** The last processed offset of {@code topic}, -1 when none since the task (re)started. */
    public long last(final String topic) {
        final long[] last = byTopic.get(topic);
        return last == null ? -1L : last[0];
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder("{");
        byTopic.forEach((topic, last) -> text.append(text.length() > 1 ? ", " : "").append(topic).append('=')
                .append(last[0]));
        return text.append('}').toString();
    }

    /** The task (re)started: what it processed before may be processed again. */
    public void reset() {
        byTopic.clear();
    }
}
