package io.jellyfish.webrtc.sdp;

import java.util.List;

/**
 * {@code a=simulcast:} (RFC 8853), flattened: every rid of every alternative in order, with the
 * paused prefix {@code ~} removed; {@code paused} lists the rids that carried it.
 */
public record Simulcast(List<String> send, List<String> receive, List<String> paused) {
}
