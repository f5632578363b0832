package io.jellyfish.webrtc.sdp;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the answer says for one offered m-section: everything {@link AnswerBuilder} renders, and
 * what the peer session needs afterwards (codec, extension ids, rids, SSRC).
 *
 * @param payloadType  the single media format of the answer's m-line (plus RTX if {@code codec} has one)
 * @param codec        empty only for an inactive section whose format has no rtpmap in the offer
 * @param extensions   the answered extmaps (offer ids)
 * @param streamId     the msid stream id, for active audio/video sections
 * @param ssrc         the server's SSRC for a sendonly section
 * @param cname        its cname ({@code <trackId>-<audio|video>-<streamId>})
 * @param receiveRids  the simulcast rids answered {@code recv}, in offer order
 */
public record MediaAnswer(
        MediaSection offer,
        Direction direction,
        int payloadType,
        Optional<CodecChoice> codec,
        List<ExtMap> extensions,
        Optional<String> streamId,
        OptionalLong ssrc,
        Optional<String> cname,
        List<String> receiveRids) {

    /** A client-sending m-section the server receives (inbound track). */
    public static MediaAnswer receive(MediaSection offer, CodecChoice codec, List<ExtMap> extensions,
                                      String streamId, List<String> receiveRids) {
        return new MediaAnswer(offer, Direction.RECVONLY, codec.payloadType(), Optional.of(codec), List.copyOf(extensions),
                Optional.of(requireToken("stream id", streamId)), OptionalLong.empty(), Optional.empty(),
                List.copyOf(receiveRids));
    }

    /** A client-receiving m-section the server sends on (outbound track); RTX is left out (3.11). */
    public static MediaAnswer send(MediaSection offer, CodecChoice codec, List<ExtMap> extensions,
                                   String streamId, long ssrc, String cname) {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("SSRC must be an unsigned 32-bit value: " + ssrc);
        }
        return new MediaAnswer(offer, Direction.SENDONLY, codec.payloadType(), Optional.of(codec.withoutRtx()),
                List.copyOf(extensions), Optional.of(requireToken("stream id", streamId)), OptionalLong.of(ssrc),
                Optional.of(requireToken("cname", cname)), List.of());
    }

    /**
     * An {@code a=inactive} section. Its format list stays valid: {@code previousPayloadType} if the
     * offer still has it, otherwise the offer's first payload type.
     */
    public static MediaAnswer inactive(MediaSection offer, OptionalInt previousPayloadType) {
        List<Integer> offered = offer.payloadTypes();
        int pt;
        if (previousPayloadType.isPresent() && offered.contains(previousPayloadType.getAsInt())) {
            pt = previousPayloadType.getAsInt();
        } else if (!offered.isEmpty()) {
            pt = offered.getFirst();
        } else {
            pt = -1; // a non-RTP section: rendered as rejected with the offer's formats
        }
        Optional<CodecChoice> codec = offer.rtpMap(pt).map(m -> new CodecChoice(m, offer.fmtp(pt), Optional.empty()));
        return new MediaAnswer(offer, Direction.INACTIVE, pt, codec, List.of(), Optional.empty(), OptionalLong.empty(),
                Optional.empty(), List.of());
    }

    /** Values written into SDP lines must not break the line or token structure. */
    static String requireToken(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new IllegalArgumentException(what + " must be visible ASCII without spaces: " + value);
            }
        }
        return value;
    }
}
