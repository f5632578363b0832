package io.jellyfish.webrtc.sdp;

/**
 * {@code a=rid:<id> <send|recv> [<params>]} (RFC 8851); {@code params} is {@code ""} when absent.
 */
public record Rid(String id, String direction, String params) {
}
