package io.jellyfish.http.socket;

import java.time.Duration;

/**
 * The limits of the peer and server sockets.
 *
 * @param idleTimeout       close (1000, empty reason) when nothing was received for this long (60 s)
 * @param pingInterval      an empty ping this often after authentication (30 s)
 * @param maxMessageBytes   the largest frame and the largest message accepted (1 MiB)
 * @param maxQueuedFrames   frames one connection may have waiting to be written; a client that reads
 *                          slower than it is sent to is closed (1008), the room is never held up
 * @param maxQueuedBytes    the same bound in bytes
 * @param messagesPerSecond sustained rate of frames a client may send
 * @param messageBurst      how many frames a client may send at once above that rate
 * @param writeTimeout      a frame not written within this time fails the connection
 */
public record SocketSettings(Duration idleTimeout, Duration pingInterval, int maxMessageBytes, int maxQueuedFrames,
                             long maxQueuedBytes, double messagesPerSecond, int messageBurst, Duration writeTimeout) {

    public static final SocketSettings DEFAULTS = new SocketSettings(Duration.ofSeconds(60), Duration.ofSeconds(30),
            1 << 20, 4096, 16L << 20, 200, 1000, Duration.ofSeconds(30));
}
