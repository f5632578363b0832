package io.jellyfish.api.room;

/** The socket side's handle on a connected peer. */
public interface PeerSession {
    String roomId();

    String peerId();

    /** A media event (JSON text) the peer sent. */
    void onMediaEvent(String json);

    /** The socket closed: the peer becomes disconnected. Idempotent. */
    void disconnected();
}
