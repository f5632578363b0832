package io.jellyfish.webrtc.sdp;

import java.util.List;

/** {@code a=ssrc-group:<semantics> <ssrc>…}, e.g. FID (media, RTX) (RFC 5576). */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
}
