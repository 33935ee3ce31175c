package io.exectrace.streams.store;

/**
 * The one thread whose reads and writes a write-behind store keeps in memory: the first that writes. Any other
 * thread (an interactive query) reads the store below; another thread writing is a bug in the caller.
 */
final class StoreOwner {

    private volatile Thread owner;

    /** Makes the calling thread the owner if there is none; refuses a second writer. */
    void claim(final String storeName) {
        final Thread current = Thread.currentThread();
        if (owner == null) {
            owner = current;
        } else if (owner != current) {
            throw new IllegalStateException("store " + storeName + " is written by " + owner.getName()
                    + " and " + current.getName());
        }
    }

    /** Whether the calling thread is the owner. */
    boolean isCurrent() {
        return owner == Thread.currentThread();
    }

    /** No owner until the next write (the store was re-initialized, closed or cleared). */
    void release() {
        owner = null;
    }
}
