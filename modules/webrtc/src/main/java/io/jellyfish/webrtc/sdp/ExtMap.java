package io.jellyfish.webrtc.sdp;

import java.util.Optional;

/**
 * {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]} (RFC 8285); {@code attributes} is
 * {@code ""} when absent.
 */
public record ExtMap(int id, Optional<Direction> direction, String uri, String attributes) {
}
