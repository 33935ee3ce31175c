package io.exectrace.streams.venue;

import io.exectrace.streams.codec.BinarySerde;
import io.exectrace.streams.codec.ByteSink;
import io.exectrace.streams.codec.ByteSource;
import java.util.ArrayList;
import java.util.List;

/** Binary serde of the {@code reconciliation-orders} store's values. */
final class OrderSidesSerde extends BinarySerde<OrderSides> {

    @Override
    protected int sizeOf(final OrderSides v) {
        int size = 8 + ByteSink.sizeOfVarInt(v.orders().size()) + ByteSink.sizeOfVarInt(v.ours().size())
                + ByteSink.sizeOfVarInt(v.venue().size()) + ByteSink.sizeOfVarInt(v.venueTradeIds().size());
        for (final OrderSides.OrderRef o : v.orders()) {
            size += ByteSink.sizeOfString(o.sessionId()) + ByteSink.sizeOfString(o.clientOrderId())
                    + ByteSink.sizeOfString(o.exchange()) + ByteSink.sizeOfString(o.mode());
        }
        for (final OrderSides.PendingOurs o : v.ours()) {
            size += ByteSink.sizeOfString(o.sessionId()) + FillCodec.sizeOf(o.fill());
        }
        for (final OrderSides.PendingVenue p : v.venue()) {
            size += FillCodec.sizeOf(p.fill()) + 8;
        }
        for (final String id : v.venueTradeIds()) {
            size += ByteSink.sizeOfString(id);
        }
        return size;
    }

    @Override
    protected void write(final OrderSides v, final ByteSink sink) {
        sink.writeLong(v.lastArrivalMillis());
        sink.writeVarInt(v.orders().size());
        for (final OrderSides.OrderRef o : v.orders()) {
            sink.writeString(o.sessionId());
            sink.writeString(o.clientOrderId());
            sink.writeString(o.exchange());
            sink.writeString(o.mode());
        }
        sink.writeVarInt(v.ours().size());
        for (final OrderSides.PendingOurs o : v.ours()) {
            sink.writeString(o.sessionId());
            FillCodec.write(o.fill(), sink);
        }
        sink.writeVarInt(v.venue().size());
        for (final OrderSides.PendingVenue p : v.venue()) {
            FillCodec.write(p.fill(), sink);
            sink.writeLong(p.arrivalMillis());
        }
        sink.writeVarInt(v.venueTradeIds().size());
        v.venueTradeIds().forEach(sink::writeString);
    }

    @Override
    protected OrderSides read(final ByteSource source) {
        final long last = source.readLong();
        final List<OrderSides.OrderRef> orders = new ArrayList<>();
        for (int i = source.readVarInt(); i > 0; i--) {
            orders.add(new OrderSides.OrderRef(source.readString(), source.readString(), source.readString(),
                    source.readString()));
        }
        final List<OrderSides.PendingOurs> ours = new ArrayList<>();
        for (int i = source.readVarInt(); i > 0; i--) {
            ours.add(new OrderSides.PendingOurs(source.readString(), FillCodec.readFacts(source)));
        }
        final List<OrderSides.PendingVenue> venue = new ArrayList<>();
        for (int i = source.readVarInt(); i > 0; i--) {
            venue.add(new OrderSides.PendingVenue(FillCodec.readVenue(source), source.readLong()));
        }
        final List<String> ids = new ArrayList<>();
        for (int i = source.readVarInt(); i > 0; i--) {
            ids.add(source.readString());
        }
        return new OrderSides(orders, ours, venue, ids, last);
    }
}
