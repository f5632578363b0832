package io.jellyfish.webrtc.turn;

import java.net.InetSocketAddress;

/**
 * The way back to a client through one TURN allocation, as seen from one virtual host candidate.
 * There is one instance per (allocation, virtual host address), so identity comparison tells
 * whether two packets came over the same path (the ICE agent's nominated pair).
 */
public interface RelayPath {
    /**
     * Sends {@code data} to the client as if from the virtual host candidate: as ChannelData when a
     * channel is bound to that address, else as a Data indication. Thread-safe.
     *
     * @return false if nothing was sent: the allocation is gone, there is no permission for the
     *     candidate's IP, the payload is too large, or the socket failed
     */
    boolean send(byte[] data, int offset, int length);

    default boolean send(byte[] data) {
        return send(data, 0, data.length);
    }

    /** The allocation's relayed transport address: the client's address as the virtual peer sees it. */
    InetSocketAddress relayedAddress();

    /** The virtual host candidate this path delivers to and sends from. */
    InetSocketAddress peerAddress();

    /** The client's transport address on the TURN listener (its 5-tuple side). */
    InetSocketAddress clientAddress();

    /** False once the allocation has expired or been deleted; such a path never sends again. */
    boolean isOpen();
}
