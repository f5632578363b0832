package io.jellyfish.api.room;

/**
 * The result of adding a peer.
 *
 * @param peer  the new peer (disconnected)
 * @param token the signed token the peer presents on its WebSocket
 */
public record PeerCreated(PeerSnapshot peer, String token) {}
