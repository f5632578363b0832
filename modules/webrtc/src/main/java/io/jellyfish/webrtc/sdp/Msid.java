package io.jellyfish.webrtc.sdp;

/** {@code a=msid:<stream id> [<track id>]} (RFC 8830); {@code trackId} is {@code ""} when absent. */
public record Msid(String streamId, String trackId) {
}
