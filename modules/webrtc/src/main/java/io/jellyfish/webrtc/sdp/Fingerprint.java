package io.jellyfish.webrtc.sdp;

/** {@code a=fingerprint:<algorithm> <value>} (RFC 8122), e.g. {@code sha-256 AB:CD:…}. */
public record Fingerprint(String algorithm, String value) {
}
