package io.jellyfish.webrtc.sdp;

/**
 * {@code a=rtpmap:<pt> <codec>/<clock>[/<channels>]}; {@code channels} is 0 when not given.
 */
public record RtpMap(int payloadType, String codec, int clockRate, int channels) {

    /** Case-insensitive codec name comparison, as SDP codec names are case-insensitive. */
    public boolean isCodec(String name) {
        return codec.equalsIgnoreCase(name);
    }

    /** The value part of the rtpmap line, {@code codec/clock[/channels]}. */
    public String encoding() {
        return channels > 0 ? codec + "/" + clockRate + "/" + channels : codec + "/" + clockRate;
    }
}
