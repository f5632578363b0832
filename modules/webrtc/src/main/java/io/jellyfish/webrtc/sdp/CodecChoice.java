package io.jellyfish.webrtc.sdp;

import java.util.Optional;

/**
 * A payload type chosen from an offered m-section, with its fmtp and, if offered, its RTX
 * companion (an {@code rtx} payload type whose fmtp has {@code apt=<pt>}).
 */
public record CodecChoice(RtpMap codec, Optional<Fmtp> fmtp, Optional<Rtx> rtx) {

    /** The RTX companion of a codec (RFC 4588). */
    public record Rtx(RtpMap codec, Fmtp fmtp) {
    }

    public int payloadType() {
        return codec.payloadType();
    }

    public String name() {
        return codec.codec();
    }

    /** The codec as offered for {@code payloadType} in {@code section}, with its RTX companion. */
    static CodecChoice of(MediaSection section, RtpMap codec) {
        int pt = codec.payloadType();
        Optional<Rtx> rtx = section.payloadTypes().stream()
                .map(section.rtpMaps()::get)
                .filter(m -> m != null && m.isCodec("rtx"))
                .flatMap(m -> section.fmtp(m.payloadType())
                        .filter(f -> f.parameter("apt").filter(String.valueOf(pt)::equals).isPresent())
                        .map(f -> new Rtx(m, f))
                        .stream())
                .findFirst();
        return new CodecChoice(codec, section.fmtp(pt), rtx);
    }

    /** The same codec without its RTX companion. */
    public CodecChoice withoutRtx() {
        return new CodecChoice(codec, fmtp, Optional.empty());
    }
}
