package io.exectrace.streams.venue;

import io.exectrace.streams.codec.BinarySerde;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;
import io.exectrace.streams.reconciliation.OrderSpan;

/** Binary serde of the {@code reconciliation-client-orders} store's values: the span, the flag, then the sides. */
final class ClientOrderSerde extends BinarySerde<ClientOrder> {
    private final OrderSidesSerde sides = new OrderSidesSerde();

    @Override
    protected int sizeOf(final ClientOrder v) {
        return 8 + 8 + 1 + sides.sizeOf(v.sides());
    }

    @Override
    protected void write(final ClientOrder v, final ByteSink sink) {
        sink.writeLong(v.span().firstTsMicros());
        sink.writeLong(v.span().lastTsMicros());
        sink.writeByte(v.brokerOrderIdSet() ? 1 : 0);
        sides.write(v.sides(), sink);
    }

    @Override
    protected ClientOrder read(final ByteSource source) {
        final OrderSpan span = new OrderSpan(source.readLong(), source.readLong());
        final boolean brokerOrderIdSet = source.readByte() == 1;
        return new ClientOrder(sides.read(source), span, brokerOrderIdSet);
    }
}
