package io.jellyfish.api.room;

/** The socket side's handle on a connected peer. */
public interface PeerSession {
    String roomId();

    String peerId();

    /**
     * One media event the peer sent ({@code PeerMessage.media_event.data}, JSON text), in the order
     * the socket received them. The room interprets it (connect, metadata updates, disconnect);
     * malformed JSON and unknown types are logged and ignored, never a failure of the socket.
     * Dropped silently once the peer or its room is gone or the peer is bound to another socket.
     */
    void onMediaEvent(String json);

    /** The socket closed: the peer becomes disconnected. Idempotent. */
    void disconnected();
}
