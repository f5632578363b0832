package io.jellyfish.webrtc.sdp;

/** An SDP offer that cannot be parsed; the message names the offending line. */
public final class SdpParseException extends RuntimeException {
    public SdpParseException(String message) {
        super(message);
    }
}
