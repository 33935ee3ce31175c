package io.exectrace.harness.bench;

import io.exectrace.events.ExecutionEventParser;
import io.exectrace.harness.chaos.ChaosLog;
import io.exectrace.harness.chaos.InputKeying;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends the probes of {@code bench freshness} to the input topic, keyed as {@code --key} says (by their session
 * unless told otherwise), each timed by its
 * tracker just before the send that starts its clock; counts the records it sent, so the background rate can
 * leave them out. Used from one thread.
 */
final class ProbeSender {
    static final String BUSY_SESSION = "bench-freshness-busy";
    static final String SILENT_SESSION_PREFIX = "bench-freshness-silent-";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final ChaosLog log;
    private final ProbeEvents events;
    private final ProbeTracker eventTracker;
    private final OutcomeTracker busyTracker;
    private final OutcomeTracker silentTracker;
    private final InputKeying keying;
    private final ExecutionEventParser parser = new ExecutionEventParser();
    private long records;

    ProbeSender(final KafkaProducer<String, byte[]> producer, final String topic, final ChaosLog log,
                final ProbeEvents events, final ProbeTracker eventTracker, final OutcomeTracker busyTracker,
                final OutcomeTracker silentTracker, final InputKeying keying) {
        this.producer = producer;
        this.topic = topic;
        this.log = log;
        this.events = events;
        this.eventTracker = eventTracker;
        this.busyTracker = busyTracker;
        this.silentTracker = silentTracker;
        this.keying = keying;
    }

    /** Room for another event-count probe. */
    boolean hasRoom() {
        return eventTracker.hasRoom();
    }

    /** Records sent so far. */
    long records() {
        return records;
    }

    /** The next event-count probe: one signal event of the probe session. */
    void eventProbe() {
        final int number = eventTracker.sending();
        send(events.sessionId(), events.line(number, Instant.now()), "probe " + number);
    }

    /**
     * The next chain of the busy session: its events follow the previous chain's, so that session's event clock
     * keeps moving.
     */
    void busyChain() {
        chain(busyTracker, ProbeChain.numbered(BUSY_SESSION, "busy", busyTracker.sent() + 1));
    }

    /** The next silent probe: a chain in a session of its own that receives nothing after the fill. */
    void silentChain() {
        final int number = silentTracker.sent() + 1;
        chain(silentTracker, ProbeChain.numbered(SILENT_SESSION_PREFIX + number, "silent", number));
    }

    private void chain(final OutcomeTracker tracker, final ProbeChain chain) {
        send(chain.sessionId(), chain.intent(Instant.now()), chain.intentId());
        send(chain.sessionId(), chain.submit(Instant.now()), chain.orderId() + " (submit)");
        // The clock starts after the intent and the submit were handed to the producer, just before the fill.
        tracker.sending(chain);
        send(chain.sessionId(), chain.fill(Instant.now()), chain.orderId() + " (fill)");
    }

    private void send(final String sessionId, final byte[] line, final String what) {
        records++;
        producer.send(new ProducerRecord<>(topic, keying.keyOf(sessionId, line, parser), line), (metadata, e) -> {
            if (e != null) {
                log.step("%s not delivered: %s", what, e.getMessage());
            }
        });
    }
}
