package io.exectrace.streams.codec;

import io.exectrace.events.Dialect;
import io.exectrace.events.ExecutionEvent;
import io.exectrace.events.Side;
import io.exectrace.events.Stage;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Compact binary form of an {@link ExecutionEvent} for internal topics and state stores: a version byte,
 * fixed-width numbers (doubles as raw bits, so NaN survives), enum ordinals and length-prefixed UTF-8 strings.
 * No reflection and no JSON: one exactly-sized array per event. The enum order of the events module is part of
 * the format; a change to it needs a new version byte.
 */
public final class ExecutionEventSerde extends BinarySerde<ExecutionEvent> {

    static final int VERSION = 1;

    private static final Stage[] STAGES = Stage.values();
    private static final Dialect[] DIALECTS = Dialect.values();
    private static final Side[] SIDES = Side.values();
    /** version, ts, fingerprint, 3 enums, flags, 5 doubles. */
    private static final int FIXED_SIZE = 1 + 8 + 8 + 3 + 4 + 5 * 8;

    // Public: the session-input format embeds an event in this form.
    @Override
    public int sizeOf(final ExecutionEvent e) {
        return FIXED_SIZE
                + ByteSink.sizeOfString(e.sessionId()) + ByteSink.sizeOfString(e.mode())
                + ByteSink.sizeOfString(e.symbol()) + ByteSink.sizeOfString(e.exchange())
                + ByteSink.sizeOfString(e.intentId()) + ByteSink.sizeOfString(e.orderId())
                + ByteSink.sizeOfString(e.brokerOrderId()) + ByteSink.sizeOfString(e.correlationId())
                + ByteSink.sizeOfString(e.strategyId()) + ByteSink.sizeOfString(e.reason())
                + ByteSink.sizeOfString(e.gateName()) + ByteSink.sizeOfString(e.message())
                + ByteSink.sizeOfString(e.orderType()) + ByteSink.sizeOfString(e.status());
    }

    @Override
    public void write(final ExecutionEvent e, final ByteSink sink) {
        sink.writeByte(VERSION);
        sink.writeLong(e.tsMicros());
        sink.writeLong(e.fingerprint());
        sink.writeByte(e.stage().ordinal());
        sink.writeByte(e.dialect().ordinal());
        sink.writeByte((e.side() == null ? Side.UNKNOWN : e.side()).ordinal());
        sink.writeInt(e.qualityFlags());
        sink.writeDouble(e.quantity());
        sink.writeDouble(e.price());
        sink.writeDouble(e.notional());
        sink.writeDouble(e.fee());
        sink.writeDouble(e.reportedLatencyMs());
        sink.writeString(e.sessionId());
        sink.writeString(e.mode());
        sink.writeString(e.symbol());
        sink.writeString(e.exchange());
        sink.writeString(e.intentId());
        sink.writeString(e.orderId());
        sink.writeString(e.brokerOrderId());
        sink.writeString(e.correlationId());
        sink.writeString(e.strategyId());
        sink.writeString(e.reason());
        sink.writeString(e.gateName());
        sink.writeString(e.message());
        sink.writeString(e.orderType());
        sink.writeString(e.status());
    }

    @Override
    public ExecutionEvent read(final ByteSource in) {
        final int version = in.readByte();
        if (version != VERSION) {
            throw new SerializationException("unsupported ExecutionEvent format version " + version);
        }
        final long ts = in.readLong();
        final long fingerprint = in.readLong();
        final Stage stage = in.readEnum(STAGES, "stage");
        final Dialect dialect = in.readEnum(DIALECTS, "dialect");
        final Side side = in.readEnum(SIDES, "side");
        final int flags = in.readInt();
        final double quantity = in.readDouble();
        final double price = in.readDouble();
        final double notional = in.readDouble();
        final double fee = in.readDouble();
        final double latency = in.readDouble();
        final String sessionId = in.readString();
        final String mode = in.readString();
        final String symbol = in.readString();
        final String exchange = in.readString();
        final String intentId = in.readString();
        final String orderId = in.readString();
        final String brokerOrderId = in.readString();
        final String correlationId = in.readString();
        final String strategyId = in.readString();
        final String reason = in.readString();
        final String gateName = in.readString();
        final String message = in.readString();
        final String orderType = in.readString();
        final String status = in.readString();
        return new ExecutionEvent(ts, sessionId, stage, dialect, mode, symbol, exchange, side, intentId, orderId,
                brokerOrderId, correlationId, strategyId, quantity, price, notional, fee, reason, gateName, message,
                orderType, status, latency, flags, fingerprint);
    }
}
