package io.jellyfish.webrtc.sdp;

import java.util.Locale;
import java.util.Optional;

/** Media direction attribute (RFC 8866 6.7), from the point of view of the SDP's author. */
public enum Direction {
    SENDONLY, RECVONLY, SENDRECV, INACTIVE;

    /** The attribute name as written in SDP ({@code a=sendonly}). */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Direction> fromToken(String token) {
        return switch (token) {
            case "sendonly" -> Optional.of(SENDONLY);
            case "recvonly" -> Optional.of(RECVONLY);
            case "sendrecv" -> Optional.of(SENDRECV);
            case "inactive" -> Optional.of(INACTIVE);
            default -> Optional.empty();
        };
    }
}
