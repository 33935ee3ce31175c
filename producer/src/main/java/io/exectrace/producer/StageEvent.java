package io.exectrace.producer;

import io.exectrace.events.Side;
import io.exectrace.events.Stage;
import java.time.Instant;
import java.util.Objects;

/**
 * A typed builder for one execution event, made by an {@link ExecutionEventPublisher} and sent with
 * {@link #publish()}. Each stage has its own subclass with the fields that stage carries; fields not set are left
 * out of the JSON. The event time defaults to the publisher's clock at {@link #publish()}.
 *
 * @param <B> the concrete builder, so chained setters keep their type
 */
public abstract class StageEvent<B extends StageEvent<B>> {
    private final ExecutionEventPublisher publisher;
    private final Stage stage;
    private long tsMicros = Long.MIN_VALUE;
    private String session;
    private String mode;
    private String symbol;
    private String exchange;
    private String strategy;
    private String correlationId;
    Side side = Side.UNKNOWN;
    String intentId;
    String orderId;
    String brokerOrderId;
    double quantity = Double.NaN;
    double price = Double.NaN;
    double notional = Double.NaN;
    double fee = Double.NaN;
    String reason;
    String gateName;
    String message;
    String orderType;
    String status;
    double latencyMs = Double.NaN;

    StageEvent(final ExecutionEventPublisher publisher, final Stage stage, final String symbol) {
        this.publisher = publisher;
        this.stage = stage;
        this.symbol = symbol;
    }

    abstract B self();

    /** Event time (default: the publisher's clock when the event is published). */
    public B at(final Instant time) {
        this.tsMicros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1000);
        return self();
    }

    /** Session (default: the publisher's session). */
    public B session(final String sessionId) {
        this.session = sessionId;
        return self();
    }

    /** Mode (default: the publisher's mode). */
    public B mode(final String value) {
        this.mode = value;
        return self();
    }

    public B symbol(final String value) {
        this.symbol = value;
        return self();
    }

    /** Exchange (default: the publisher's exchange). */
    public B exchange(final String value) {
        this.exchange = value;
        return self();
    }

    /** Strategy (default: the publisher's strategy). */
    public B strategy(final String value) {
        this.strategy = value;
        return self();
    }

    public B correlationId(final String value) {
        this.correlationId = value;
        return self();
    }

    /** The measured latency the service reports itself (ledger v1 {@code latency_ms}); not used for chains. */
    public B reportedLatencyMs(final double value) {
        this.latencyMs = value;
        return self();
    }

    /** Sends the event; never blocks and never throws. False when it was dropped (buffer full or closed). */
    public boolean publish() {
        return publisher.publish(event());
    }

    /** The event as the JSON line {@link #publish()} would send. */
    public byte[] toJson() {
        return publisher.render(event());
    }

    /** The event with the publisher's defaults filled in. */
    public OutboundEvent event() {
        return new OutboundEvent(stage, tsMicros == Long.MIN_VALUE ? publisher.nowMicros() : tsMicros,
                session != null ? session : publisher.session(), mode != null ? mode : publisher.mode(), symbol,
                exchange != null ? exchange : publisher.exchange(), side, intentId, orderId, brokerOrderId,
                correlationId, strategy != null ? strategy : publisher.strategy(), quantity, price, notional, fee,
                reason, gateName, message, orderType, status, latencyMs);
    }

    /** An intent: the strategy wants to trade. */
    public static final class Intent extends StageEvent<Intent> {
        Intent(final ExecutionEventPublisher publisher, final String symbol) {
            super(publisher, Stage.INTENT, symbol);
        }

        @Override
        Intent self() {
            return this;
        }

        public Intent intentId(final String id) {
            intentId = id;
            return this;
        }

        public Intent side(final Side value) {
            side = Objects.requireNonNull(value);
            return this;
        }

        public Intent quantity(final double value) {
            quantity = value;
            return this;
        }

        /** The price the strategy saw ({@code current_price}). */
        public Intent price(final double value) {
            price = value;
            return this;
        }
    }

    /** An order sent to the venue (dialect A {@code kind: order}, dialect B {@code stage: submit}). */
    public static final class Submit extends StageEvent<Submit> {
        Submit(final ExecutionEventPublisher publisher, final String symbol) {
            super(publisher, Stage.SUBMIT, symbol);
        }

        @Override
        Submit self() {
            return this;
        }

        public Submit intentId(final String id) {
            intentId = id;
            return this;
        }

        /** The client order id. */
        public Submit orderId(final String id) {
            orderId = id;
            return this;
        }

        public Submit side(final Side value) {
            side = Objects.requireNonNull(value);
            return this;
        }

        public Submit quantity(final double value) {
            quantity = value;
            return this;
        }

        public Submit orderType(final String value) {
            orderType = value;
            return this;
        }

        public Submit limitPrice(final double value) {
            price = value;
            return this;
        }

        public Submit status(final String value) {
            status = value;
            return this;
        }
    }

    /** The venue accepted the order (written in dialect B). */
    public static final class Ack extends StageEvent<Ack> {
        Ack(final ExecutionEventPublisher publisher, final String symbol) {
            super(publisher, Stage.ACK, symbol);
        }

        @Override
        Ack self() {
            return this;
        }

        public Ack intentId(final String id) {
            intentId = id;
            return this;
        }

        public Ack orderId(final String id) {
            orderId = id;
            return this;
        }

        public Ack brokerOrderId(final String id) {
            brokerOrderId = id;
            return this;
        }

        public Ack quantity(final double value) {
            quantity = value;
            return this;
        }

        public Ack status(final String value) {
            status = value;
            return this;
        }
    }

    /** A (possibly partial) fill. */
    public static final class Fill extends StageEvent<Fill> {
        Fill(final ExecutionEventPublisher publisher, final String symbol) {
            super(publisher, Stage.FILL, symbol);
        }

        @Override
        Fill self() {
            return this;
        }

        public Fill intentId(final String id) {
            intentId = id;
            return this;
        }

        public Fill orderId(final String id) {
            orderId = id;
            return this;
        }

        public Fill brokerOrderId(final String id) {
            brokerOrderId = id;
            return this;
        }

        public Fill side(final Side value) {
            side = Objects.requireNonNull(value);
            return this;
        }

        /** The quantity this fill filled. */
        public Fill quantity(final double value) {
            quantity = value;
            return this;
        }

        public Fill price(final double value) {
            price = value;
            return this;
        }

        public Fill notional(final double value) {
            notional = value;
            return this;
        }

        public Fill fee(final double value) {
            fee = value;
            return this;
        }

        public Fill status(final String value) {
            status = value;
            return this;
        }
    }

    /** The order was cancelled (written in dialect B). */
    public static final class Cancel extends StageEvent<Cancel> {
        Cancel(final ExecutionEventPublisher publisher, final String symbol) {
            super(publisher, Stage.CANCEL, symbol);
        }

        @Override
        Cancel self() {
            return this;
        }

        public Cancel intentId(final String id) {
            intentId = id;
            return this;
        }

        public Cancel orderId(final String id) {
            orderId = id;
            return this;
        }

        public Cancel brokerOrderId(final String id) {
            brokerOrderId = id;
            return this;
        }

        public Cancel reason(final String value) {
            reason = value;
            return this;
        }

        public Cancel status(final String value) {
            status = value;
            return this;
        }
    }

    /** A risk check blocked the intent (dialect A: a gate that did not pass). */
    public static final class RiskBlock extends StageEvent<RiskBlock> {
        RiskBlock(final ExecutionEventPublisher publisher, final String symbol) {
            super(publisher, Stage.RISK_BLOCK, symbol);
        }

        @Override
        RiskBlock self() {
            return this;
        }

        public RiskBlock intentId(final String id) {
            intentId = id;
            return this;
        }

        public RiskBlock gate(final String name) {
            gateName = name;
            return this;
        }

        public RiskBlock reason(final String value) {
            reason = value;
            return this;
        }

        public RiskBlock side(final Side value) {
            side = Objects.requireNonNull(value);
            return this;
        }

        public RiskBlock quantity(final double value) {
            quantity = value;
            return this;
        }
    }

    /** A gate that passed (written in dialect A; it ends no chain). */
    public static final class GatePass extends StageEvent<GatePass> {
        GatePass(final ExecutionEventPublisher publisher, final String symbol, final String gate) {
            super(publisher, Stage.GATE_PASS, symbol);
            gateName = gate;
        }

        @Override
        GatePass self() {
            return this;
        }

        public GatePass intentId(final String id) {
            intentId = id;
            return this;
        }

        public GatePass reason(final String value) {
            reason = value;
            return this;
        }
    }

    /** An error; with an intent or order id it ends that chain as ERROR (a reject is one). */
    public static final class Error extends StageEvent<Error> {
        Error(final ExecutionEventPublisher publisher, final String message) {
            super(publisher, Stage.ERROR, null);
            this.message = message;
        }

        @Override
        Error self() {
            return this;
        }

        public Error intentId(final String id) {
            intentId = id;
            return this;
        }

        public Error orderId(final String id) {
            orderId = id;
            return this;
        }

        public Error reason(final String value) {
            reason = value;
            return this;
        }

        public Error status(final String value) {
            status = value;
            return this;
        }
    }

    /** A strategy signal (dialect B only; it starts no chain). */
    public static final class Signal extends StageEvent<Signal> {
        Signal(final ExecutionEventPublisher publisher, final String symbol) {
            super(publisher, Stage.SIGNAL, symbol);
        }

        @Override
        Signal self() {
            return this;
        }

        public Signal quantity(final double value) {
            quantity = value;
            return this;
        }

        public Signal price(final double value) {
            price = value;
            return this;
        }

        public Signal status(final String value) {
            status = value;
            return this;
        }
    }
}
