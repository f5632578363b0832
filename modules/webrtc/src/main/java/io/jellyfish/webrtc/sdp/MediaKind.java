package io.jellyfish.webrtc.sdp;

import java.util.Locale;

/** The media type of an m-line. Kinds the server does not handle are kept as {@link #OTHER}. */
public enum MediaKind {
    AUDIO, VIDEO, APPLICATION, OTHER;

    /** The lower-case name used in SDP and in the engine's cname ({@code audio}, {@code video}). */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MediaKind fromToken(String token) {
        return switch (token) {
            case "audio" -> AUDIO;
            case "video" -> VIDEO;
            case "application" -> APPLICATION;
            default -> OTHER;
        };
    }
}
