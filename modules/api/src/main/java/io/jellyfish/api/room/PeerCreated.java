package io.jellyfish.api.room;

/**
 * The result of adding a peer.
 *
 * @param peer    the new peer (disconnected)
 * @param token   the signed token the peer presents on its WebSocket
 * @param address the JF_HOST of the node hosting the room, where the peer's socket must connect
 */
public record PeerCreated(PeerSnapshot peer, String token, String address) {}
