package io.jellyfish.webrtc.sdp;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The room's codec filter (webrtc.md section 0, 3.11, R10) and subscriber-side codec matching.
 * RED, ulpfec, flexfec and RTX are never selected as a track's codec.
 */
public final class CodecFilter {

    public static final String OPUS = "opus";
    public static final String VP8 = "VP8";
    public static final String H264 = "H264";

    private final Predicate<RtpMap> accepts;
    private final Predicate<Fmtp> h264Profile;

    private CodecFilter(Predicate<RtpMap> accepts, Predicate<Fmtp> h264Profile) {
        this.accepts = accepts;
        this.h264Profile = h264Profile;
    }

    /**
     * @param videoCodec the room option: {@code null} (first of opus/VP8/H264, the R10 improvement
     *                   over "first codec whatever it is"), {@code "vp8"} or {@code "h264"}
     *                   (constrained baseline only)
     */
    public static CodecFilter forVideoCodec(String videoCodec) {
        if (videoCodec == null) {
            return new CodecFilter(m -> m.isCodec(OPUS) || m.isCodec(VP8) || m.isCodec(H264), f -> true);
        }
        return switch (videoCodec.toLowerCase(Locale.ROOT)) {
            case "vp8" -> new CodecFilter(m -> m.isCodec(OPUS) || m.isCodec(VP8), f -> true);
            case "h264" -> new CodecFilter(m -> m.isCodec(OPUS) || m.isCodec(H264),
                    f -> f != null && f.parameter("profile-level-id").filter(CodecFilter::isConstrainedBaseline).isPresent());
            default -> throw new IllegalArgumentException("unsupported videoCodec " + videoCodec);
        };
    }

    /**
     * Publisher side: the first offered payload type passing the filter, with its RTX companion.
     * An H264 payload type with packetization-mode 0 yields to a later acceptable H264 one with
     * mode 1: mode 0 cannot fragment NAL units, so typical keyframes would not fit a packet.
     */
    public Optional<CodecChoice> select(MediaSection offer) {
        Optional<RtpMap> first = offer.payloadTypes().stream()
                .map(offer.rtpMaps()::get)
                .filter(m -> acceptable(offer, m))
                .findFirst();
        if (first.isPresent() && first.get().isCodec(H264) && !isPacketizationMode1(offer, first.get())) {
            Optional<RtpMap> mode1 = offer.payloadTypes().stream()
                    .map(offer.rtpMaps()::get)
                    .filter(m -> acceptable(offer, m) && m.isCodec(H264) && isPacketizationMode1(offer, m))
                    .findFirst();
            if (mode1.isPresent()) {
                first = mode1;
            }
        }
        return first.map(m -> CodecChoice.of(offer, m));
    }

    private boolean acceptable(MediaSection offer, RtpMap map) {
        return map != null && accepts.test(map)
                && (!map.isCodec(H264) || h264Profile.test(offer.fmtps().get(map.payloadType())));
    }

    private static boolean isPacketizationMode1(MediaSection offer, RtpMap map) {
        return packetizationMode(offer.fmtps().get(map.payloadType())).equals("1");
    }

    /**
     * Subscriber side (R5): the first payload type of the subscriber's m-section with the same codec
     * name and clock rate as the published codec. For H264 a payload type with the same
     * packetization-mode is preferred, and among those one with the same profile (profile_idc and
     * constraint flags).
     */
    public static Optional<CodecChoice> matchForSubscriber(MediaSection subscriberOffer, CodecChoice published) {
        RtpMap best = null;
        int bestScore = -1;
        for (int pt : subscriberOffer.payloadTypes()) {
            RtpMap map = subscriberOffer.rtpMaps().get(pt);
            if (map == null || !map.isCodec(published.name()) || map.clockRate() != published.codec().clockRate()) {
                continue;
            }
            int score = 0;
            if (map.isCodec(H264)) {
                Fmtp theirs = subscriberOffer.fmtps().get(pt);
                Fmtp ours = published.fmtp().orElse(null);
                score = (packetizationMode(theirs).equals(packetizationMode(ours)) ? 2 : 0)
                        + (profile(theirs).equalsIgnoreCase(profile(ours)) ? 1 : 0);
            }
            if (score > bestScore) {
                best = map;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best).map(m -> CodecChoice.of(subscriberOffer, m));
    }

    /**
     * RFC 6184 Table 5: the profile-level-ids a constrained-baseline decoder can take. The test
     * is on profile_idc and profile-iop; the level byte is ignored.
     */
    public static boolean isConstrainedBaseline(String profileLevelId) {
        if (profileLevelId.length() != 6) {
            return false;
        }
        int profileIdc;
        int iop;
        try {
            profileIdc = Integer.parseInt(profileLevelId.substring(0, 2), 16);
            iop = Integer.parseInt(profileLevelId.substring(2, 4), 16);
            Integer.parseInt(profileLevelId.substring(4, 6), 16);
        } catch (NumberFormatException e) {
            return false;
        }
        return switch (profileIdc) {
            case 0x42 -> (iop & 0x4F) == 0x40;
            case 0x4D -> (iop & 0x8F) == 0x80;
            case 0x58 -> (iop & 0xCF) == 0xC0;
            default -> false;
        };
    }

    /** RFC 6184: packetization-mode defaults to 0. */
    private static String packetizationMode(Fmtp fmtp) {
        return fmtp == null ? "0" : fmtp.parameter("packetization-mode").orElse("0");
    }

    /** profile_idc and profile-iop of profile-level-id; RFC 6184's default is 42000a. */
    private static String profile(Fmtp fmtp) {
        String id = fmtp == null ? "42000a" : fmtp.parameter("profile-level-id").orElse("42000a");
        return id.length() >= 4 ? id.substring(0, 4) : id;
    }
}
