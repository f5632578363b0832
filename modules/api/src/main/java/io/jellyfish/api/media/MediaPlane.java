package io.jellyfish.api.media;

import java.util.Map;

/**
 * The WebRTC media plane the room engine drives (webrtc.md 3-5): integrated TURN, ICE-lite,
 * DTLS-SRTP and forwarding. The engine keeps rooms, endpoints and the media events about them;
 * the media plane owns everything about SDP and packets. Absent when {@code JF_WEBRTC_USED=false}.
 */
public interface MediaPlane {
    /**
     * Creates the endpoint of a peer whose socket has just authenticated (webrtc.md 1): its TURN
     * listener, ICE credentials and DTLS certificate. Called under the room's lock.
     */
    MediaEndpoint openEndpoint(EndpointContext context);

    /** WebRTC payload bytes received from every endpoint so far (metrics.md 3.4). */
    long ingressBytes();

    /** WebRTC payload bytes sent to every endpoint so far (metrics.md 3.4). */
    long egressBytes();

    /**
     * One endpoint's part of the server metrics report (metrics.md 4.1): metric name to a
     * {@link Number} or {@link String}, and {@code "track_id=<id>"} to a map of that track's
     * metrics. Empty for an unknown endpoint. Called from the report timer: must not block.
     */
    default Map<String, Object> endpointMetrics(String endpointId) {
        return Map.of();
    }
}
