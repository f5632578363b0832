package io.jellyfish.webrtc.stun;

/** A datagram or stream frame that is not a well-formed STUN or ChannelData message. */
public final class StunParseException extends Exception {
    public StunParseException(String message) {
        super(message, null, false, false); // no stack trace: malformed input is routine, not a bug
    }
}
