package io.jellyfish.api.room;

/**
 * The room's handle on a peer's authenticated socket: what the room needs to reach the peer.
 * The room calls it while holding its lock, so implementations must not block and must not call
 * back into the room service on the calling thread: they hand the work to the socket's own
 * sender (a bounded queue drained by asynchronous writes).
 */
public interface PeerLink {
    /**
     * Sends one media event (webrtc.md 2: a JSON object {@code {"type": .., "data": ..}} as text)
     * to the peer, after every event sent before it. Dropped once the socket is closing.
     */
    void sendMediaEvent(String json);

    /** Closes the socket with a WebSocket close code and reason, e.g. 1000 "Peer removed". */
    void close(int code, String reason);
}
