package io.exectrace.producer;

import io.exectrace.events.Dialect;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client library services embed to publish execution events to the input topic, in dialect A or B.
 *
 * <pre>{@code
 * try (ExecutionEventPublisher events = ExecutionEventPublisher.builder("kafka:9092", "execution-events")
 *         .session("run-7").mode("shadow").dialect(Dialect.LEDGER_V1).build()) {
 *     events.intent("BTC-EUR").intentId("i-1").side(Side.BUY).quantity(0.5).publish();
 *     events.submit("BTC-EUR").intentId("i-1").orderId("c-1").quantity(0.5).publish();
 *     events.fill("BTC-EUR").orderId("c-1").quantity(0.5).price(92_000).publish();
 * }
 * }</pre>
 *
 * <p><b>Fail-safe.</b> Telemetry must never hurt trading: {@link #publish} renders the JSON on the caller's
 * thread and hands it to a bounded buffer, returning at once. A sender thread feeds the Kafka producer and, while
 * the cluster is unreachable, keeps retrying the oldest record; the buffer holds every record not yet
 * acknowledged, so during an outage it fills up, and events published then are dropped: counted by
 * {@link #dropped()} and logged at most every 10 s. {@link #publish} never blocks and never throws. Records the
 * producer gives up on (after {@code delivery.timeout.ms}, 2 minutes by default) are counted as dropped too.
 * {@link #close()} sends what is buffered, waiting at most the close timeout.
 *
 * <p>The record key is the event's session. The producer is idempotent with {@code acks=all}; every Kafka
 * property can be overridden.
 */
public final class ExecutionEventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEventPublisher.class);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MAX_BACKOFF_MILLIS = 1_000;

    private final String topic;
    private final String session;
    private final String mode;
    private final String exchange;
    private final String strategy;
    private final Dialect dialect;
    private final Clock clock;
    private final Duration closeTimeout;
    private final Properties producerProperties;
    private final Semaphore unacknowledged;
    private final ArrayBlockingQueue<ProducerRecord<String, byte[]>> queue;
    private final ThreadLocal<EventJson> json = ThreadLocal.withInitial(EventJson::new);
    private final Thread sender;

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Accepted events that will not be delivered (given up by the producer, or left at close). */
    private final AtomicLong failedAfterAccept = new AtomicLong();
    private final AtomicLong droppedSinceLog = new AtomicLong();
    private volatile long lastDropLogNanos = System.nanoTime() - DROP_LOG_INTERVAL_NANOS;
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    /** Created, used and closed by the sender thread only. */
    private Producer<String, byte[]> producer;
    /** Set by the sender while it is inside {@code send}: a callback then is a synchronous refusal. */
    private boolean inSend;
    private boolean refusedRetriable;

    private ExecutionEventPublisher(final Builder b) {
        this.topic = b.topic;
        this.session = b.session;
        this.mode = b.mode;
        this.exchange = b.exchange;
        this.strategy = b.strategy;
        this.dialect = b.dialect;
        this.clock = b.clock;
        this.closeTimeout = b.closeTimeout;
        this.producerProperties = ProducerSettings.build(b.bootstrapServers, null, Map.of());
        // The sender thread, not the caller, waits for metadata; short, so it notices close() quickly.
        producerProperties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        producerProperties.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        producerProperties.putAll(b.producerProperties);
        this.unacknowledged = new Semaphore(b.bufferCapacity);
        this.queue = new ArrayBlockingQueue<>(b.bufferCapacity);
        this.sender = new Thread(this::sendLoop, "exectrace-publisher-" + topic);
        sender.setDaemon(true);
        sender.start();
    }

    /** A publisher for this cluster and topic; set the session and more on the builder. */
    public static Builder builder(final String bootstrapServers, final String topic) {
        return new Builder(bootstrapServers, topic);
    }

    // ---- typed builders --------------------------------------------------------------------------------------

    public StageEvent.Intent intent(final String symbol) {
        return new StageEvent.Intent(this, symbol);
    }

    /** An order sent to the venue. */
    public StageEvent.Submit submit(final String symbol) {
        return new StageEvent.Submit(this, symbol);
    }

    public StageEvent.Ack ack(final String symbol) {
        return new StageEvent.Ack(this, symbol);
    }

    public StageEvent.Fill fill(final String symbol) {
        return new StageEvent.Fill(this, symbol);
    }

    public StageEvent.Cancel cancel(final String symbol) {
        return new StageEvent.Cancel(this, symbol);
    }

    public StageEvent.RiskBlock riskBlock(final String symbol) {
        return new StageEvent.RiskBlock(this, symbol);
    }

    /** A gate that passed; a gate that blocks is a {@link #riskBlock}. */
    public StageEvent.GatePass gatePass(final String symbol, final String gateName) {
        return new StageEvent.GatePass(this, symbol, gateName);
    }

    public StageEvent.Error error(final String message) {
        return new StageEvent.Error(this, message);
    }

    public StageEvent.Signal signal(final String symbol) {
        return new StageEvent.Signal(this, symbol);
    }

    // ---- publishing ------------------------------------------------------------------------------------------

    /**
     * Queues the event for sending and returns at once.
     *
     * @return false when the event was dropped: the buffer is full (Kafka unreachable or slow) or the publisher
     *         is closed
     */
    public boolean publish(final OutboundEvent event) {
        try {
            if (closing) {
                drop("publisher closed");
                return false;
            }
            if (!unacknowledged.tryAcquire()) {
                drop("buffer full");
                return false;
            }
            final byte[] value = render(event);
            queue.add(new ProducerRecord<>(topic, event.sessionId(), value));
            published.incrementAndGet();
            return true;
        } catch (RuntimeException e) {
            // A null stage or the like: the caller's bug, still never the caller's crash.
            drop("cannot write event: " + e);
            return false;
        }
    }

    /** The JSON line this publisher writes for the event. */
    public byte[] render(final OutboundEvent event) {
        return json.get().render(event, dialect);
    }

    /** Events accepted into the buffer. */
    public long published() {
        return published.get();
    }

    /** Events the cluster acknowledged. */
    public long delivered() {
        return delivered.get();
    }

    /** Events dropped: buffer full, publisher closed, or given up by the producer. */
    public long dropped() {
        return dropped.get();
    }

    /** Events accepted but not acknowledged yet. */
    public long pending() {
        return published.get() - delivered.get() - failedAfterAccept.get();
    }

    String session() {
        return session;
    }

    String mode() {
        return mode;
    }

    String exchange() {
        return exchange;
    }

    String strategy() {
        return strategy;
    }

    long nowMicros() {
        final Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    // ---- sender ----------------------------------------------------------------------------------------------

    private void sendLoop() {
        ProducerRecord<String, byte[]> record = null;
        long backoff = 50;
        while (true) {
            if (closing && System.nanoTime() > closeDeadlineNanos) {
                break;
            }
            if (record == null) {
                try {
                    record = queue.poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    break;
                }
                if (record == null) {
                    if (closing) {
                        break;
                    }
                    continue;
                }
            }
            if (trySend(record)) {
                record = null;
                backoff = 50;
            } else {
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        if (record != null) {
            unsent(1);
        }
        final Producer<String, byte[]> kafka = producer;
        if (kafka != null) {
            // Waits for records in flight until the deadline; the rest is aborted and counted by the callbacks.
            kafka.close(Duration.ofNanos(Math.max(0, closeDeadlineNanos - System.nanoTime())));
        }
    }

    /** True when the producer took the record; false when it should be offered again later. */
    private boolean trySend(final ProducerRecord<String, byte[]> record) {
        if (producer == null) {
            try {
                producer = new KafkaProducer<>(producerProperties);
            } catch (RuntimeException e) {
                logDropsOrProblem("cannot create the Kafka producer: " + e.getMessage());
                return false;
            }
        }
        refusedRetriable = false;
        inSend = true;
        try {
            producer.send(record, (metadata, exception) -> completed(exception));
        } catch (RuntimeException e) {
            inSend = false;
            logDropsOrProblem("cannot send to " + topic + ": " + e.getMessage());
            return false;
        }
        inSend = false;
        return !refusedRetriable;
    }

    private void completed(final Exception exception) {
        if (exception != null && inSend && Thread.currentThread() == sender && exception instanceof RetriableException) {
            // Refused before it reached the producer's buffer (no metadata: the cluster is unreachable): retry.
            refusedRetriable = true;
            logDropsOrProblem("cannot send to " + topic + ": " + exception.getMessage());
            return;
        }
        unacknowledged.release();
        if (exception == null) {
            delivered.incrementAndGet();
        } else {
            failedAfterAccept.incrementAndGet();
            drop("not delivered: " + exception.getMessage());
        }
    }

    private void drop(final String why) {
        dropped.incrementAndGet();
        droppedSinceLog.incrementAndGet();
        logDropsOrProblem(why);
    }

    private void logDropsOrProblem(final String why) {
        final long now = System.nanoTime();
        if (now - lastDropLogNanos >= DROP_LOG_INTERVAL_NANOS) {
            lastDropLogNanos = now;
            final long recent = droppedSinceLog.getAndSet(0);
            LOG.warn("execution events to {}: {} ({} dropped since the last report, {} in total)", topic, why, recent,
                    dropped.get());
        }
    }

    private void unsent(final int count) {
        for (int i = 0; i < count; i++) {
            unacknowledged.release();
            failedAfterAccept.incrementAndGet();
            dropped.incrementAndGet();
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- closing ---------------------------------------------------------------------------------------------

    /** Sends what is buffered, waiting at most the builder's close timeout (5 s by default); the rest is dropped. */
    @Override
    public void close() {
        close(closeTimeout);
    }

    /** Sends what is buffered, waiting at most {@code timeout}; what is left then is dropped and counted. */
    public void close(final Duration timeout) {
        if (closing) {
            return;
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        closeDeadlineNanos = deadline;
        closing = true;
        try {
            // The sender notices the deadline after its current send attempt (at most max.block.ms).
            sender.join(Math.max(1, timeout.toMillis()) + 3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final int left = queue.size();
        queue.clear();
        unsent(left);
        if (dropped.get() > 0) {
            LOG.warn("execution event publisher closed: {} delivered, {} dropped", delivered.get(), dropped.get());
        }
    }

    /** Settings of a publisher; only the cluster and the topic are required. */
    public static final class Builder {
        private final String bootstrapServers;
        private final String topic;
        private String session;
        private String mode;
        private String exchange;
        private String strategy;
        private Dialect dialect = Dialect.TELEMETRY_V1;
        private Clock clock = Clock.systemUTC();
        private int bufferCapacity = 10_000;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private final Map<String, String> producerProperties = new LinkedHashMap<>();

        private Builder(final String bootstrapServers, final String topic) {
            this.bootstrapServers = requireText(bootstrapServers, "bootstrap servers");
            this.topic = requireText(topic, "topic");
        }

        /** Default session of the events (also the record key); an event may name its own. */
        public Builder session(final String value) {
            this.session = value;
            return this;
        }

        public Builder mode(final String value) {
            this.mode = value;
            return this;
        }

        public Builder exchange(final String value) {
            this.exchange = value;
            return this;
        }

        public Builder strategy(final String value) {
            this.strategy = value;
            return this;
        }

        /**
         * Dialect A (telemetry v1, the default) or B (ledger v1).
         *
         * @throws IllegalArgumentException for another dialect: the publisher writes only these two
         */
        public Builder dialect(final Dialect value) {
            Objects.requireNonNull(value, "dialect");
            if (value != Dialect.TELEMETRY_V1 && value != Dialect.LEDGER_V1) {
                throw new IllegalArgumentException("the publisher writes dialect TELEMETRY_V1 or LEDGER_V1, not "
                        + value);
            }
            this.dialect = value;
            return this;
        }

        /** Where event times come from by default (tests pin it). */
        public Builder clock(final Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Events accepted but not yet acknowledged, at most (default 10 000); beyond, events are dropped. */
        public Builder bufferCapacity(final int events) {
            if (events <= 0) {
                throw new IllegalArgumentException("buffer capacity must be positive, got " + events);
            }
            this.bufferCapacity = events;
            return this;
        }

        /** How long {@link ExecutionEventPublisher#close()} waits for buffered events (default 5 s). */
        public Builder closeTimeout(final Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("close timeout must not be negative, got " + value);
            }
            this.closeTimeout = value;
            return this;
        }

        /** One Kafka producer property, overriding the defaults (idempotent, acks=all, lz4, max.block.ms=1000). */
        public Builder producerProperty(final String key, final String value) {
            producerProperties.put(key, value);
            return this;
        }

        public Builder producerProperties(final Map<String, String> properties) {
            producerProperties.putAll(properties);
            return this;
        }

        /** Starts the sender thread; connecting to Kafka happens there, so an unreachable cluster is no error. */
        public ExecutionEventPublisher build() {
            return new ExecutionEventPublisher(this);
        }

        private static String requireText(final String value, final String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }
    }
}
