package io.exectrace.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** TCP ports on the loopback address the broker listens on: free-port picking and in-use checks. */
final class LoopbackPorts {

    static final String HOST = "127.0.0.1";

    private static final int FIRST_PICKED_PORT = 15_000;
    private static final int EPHEMERAL_RANGE_START = 32_768;

    private LoopbackPorts() {
    }

    /**
     * A port nobody listens on right now; another process may still take it before Kafka binds it.
     * Picked below Linux's ephemeral range (32768-60999) so that, while a broker is stopped for a
     * while, no client's outgoing connection can occupy its port as a local port and block the restart.
     */
    static int pickFree() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = random.nextInt(FIRST_PICKED_PORT, EPHEMERAL_RANGE_START);
            if (isFree(candidate)) {
                return candidate;
            }
        }
        return kernelAssigned();
    }

    private static int kernelAssigned() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    /**
     * Whether Kafka can bind the port. SO_REUSEADDR matches the JDK default Kafka's acceptor gets
     * on Linux, so connections of a previous broker lingering in TIME_WAIT do not count as "in use".
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
