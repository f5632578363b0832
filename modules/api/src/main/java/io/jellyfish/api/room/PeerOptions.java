package io.jellyfish.api.room;

/**
 * Options of a {@code webrtc} peer.
 *
 * @param enableSimulcast whether the peer may publish simulcast (default true)
 */
public record PeerOptions(boolean enableSimulcast) {
    public static final PeerOptions DEFAULT = new PeerOptions(true);
}
