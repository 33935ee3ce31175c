package io.exectrace.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a broker data directory, held from before formatting until the broker has
 * stopped. Kafka locks its log directories only late in startup, after the KRaft controller has
 * already opened the metadata log, so a second broker on the same directory would touch the first
 * one's metadata before failing.
 */
final class DataDirectoryLock implements AutoCloseable {

    static final String FILE_NAME = "embedded-broker.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code directory} or fails with a message naming the broker {@code address} being started. */
    static DataDirectoryLock acquire(Path directory, String address) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DataDirectoryLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // Held by another broker in this JVM; reported below like one in another process.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BrokerStartException("cannot start Kafka on " + address + ": cannot lock data directory "
                    + directory + ": " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new BrokerStartException("cannot start Kafka on " + address + ": data directory " + directory
                + " is in use by another broker");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases the lock as well.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }
}
