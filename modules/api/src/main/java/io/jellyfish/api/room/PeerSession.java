package io.jellyfish.api.room;

/** The socket side's handle on a connected peer. */
public interface PeerSession {
    String roomId();

    String peerId();

    /** The socket closed: the peer becomes disconnected. Idempotent. */
    void disconnected();
}
