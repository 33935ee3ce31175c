package io.exectrace.streams.store;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Values by key as a write-behind store's owner last read or wrote them, each written one dirty until it is handed
 * to the store below. A held null is a value (absent below, or deleted and not yet handed over).
 */
final class PendingValues<K, V> {

    private final Map<K, Slot<V>> slots;
    private int dirty;

    PendingValues(final int expectedKeys) {
        this.slots = new HashMap<>(expectedKeys);
    }

    /** The slot held for {@code key}, or null when none is (then only the store below knows). */
    Slot<V> slot(final K key) {
        return slots.get(key);
    }

    /** Holds a value just read from below (clean). */
    void remember(final K key, final V value) {
        slots.put(key, new Slot<>(value, false));
    }

    /** Holds a written value; true when the key was not dirty before (one more to hand over). */
    boolean write(final K key, final V value) {
        final Slot<V> slot = slots.get(key);
        if (slot == null) {
            slots.put(key, new Slot<>(value, true));
            dirty++;
            return true;
        }
        slot.value = value;
        if (slot.dirty) {
            return false;
        }
        slot.dirty = true;
        dirty++;
        return true;
    }

    /** Holds a value already written below (clean); true when the key was dirty before (one fewer). */
    boolean writtenThrough(final K key, final V value) {
        final Slot<V> slot = slots.get(key);
        if (slot == null) {
            remember(key, value);
            return false;
        }
        slot.value = value;
        if (!slot.dirty) {
            return false;
        }
        slot.dirty = false;
        dirty--;
        return true;
    }

    /** Hands every dirty value to {@code below} and keeps it, clean; returns how many. */
    int handOver(final BiConsumer<K, V> below) {
        if (dirty == 0) {
            return 0;
        }
        int handed = 0;
        for (final Map.Entry<K, Slot<V>> entry : slots.entrySet()) {
            final Slot<V> slot = entry.getValue();
            if (slot.dirty) {
                below.accept(entry.getKey(), slot.value);
                slot.dirty = false;
                handed++;
            }
        }
        dirty = 0;
        return handed;
    }

    boolean anyDirty() {
        return dirty > 0;
    }

    int size() {
        return slots.size();
    }

    void clear() {
        slots.clear();
        dirty = 0;
    }

    /** A held value; dirty until handed over. */
    static final class Slot<V> {
        private V value;
        private boolean dirty;

        private Slot(final V value, final boolean dirty) {
            this.value = value;
            this.dirty = dirty;
        }

        V value() {
            return value;
        }
    }
}
