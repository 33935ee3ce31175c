package io.exectrace.streams.retention;

import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * How one part of the topology forgets a session: deletes whatever its stores hold of it (each delete is a
 * tombstone in the store's changelog). Retention calls every part for each session it removes.
 */
@FunctionalInterface
public interface SessionRemoval {

    /** Deletes everything of {@code sessionId} from the stores of this part. */
    void remove(String sessionId);

    /** Opens a {@link SessionRemoval} over stores of the processor it runs in (connected to it by name). */
    @FunctionalInterface
    interface Factory {
        SessionRemoval open(ProcessingContext context);
    }
}
