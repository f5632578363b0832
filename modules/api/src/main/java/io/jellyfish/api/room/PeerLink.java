package io.jellyfish.api.room;

/**
 * The room's handle on a peer's authenticated socket: what the room needs to reach the peer.
 * Implementations must not block: they hand work to the socket's own sender.
 */
public interface PeerLink {
    /** Closes the socket with a WebSocket close code and reason, e.g. 1000 "Peer removed". */
    void close(int code, String reason);
}
