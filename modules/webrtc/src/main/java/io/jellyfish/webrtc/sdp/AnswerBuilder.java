package io.jellyfish.webrtc.sdp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Renders the engine's SDP answer (webrtc.md 3.11) line for line: session lines, then one
 * m-section per offered one in offer order, CRLF line endings. The engine is ICE-lite, DTLS
 * server ({@code a=setup:passive}) and bundles every audio/video section.
 */
public final class AnswerBuilder {

    /** Feedback the answer echoes for video when the offer has it for the payload type, in this order. */
    private static final List<String> VIDEO_FEEDBACK = List.of("ccm fir", "nack", "nack pli");
    private static final String CRLF = "\r\n";

    private final String iceUfrag;
    private final String icePwd;
    private final Fingerprint fingerprint;
    private final LongSupplier sessionIds;
    private final Supplier<UUID> uuids;

    /** Uses a SHA-256 fingerprint and secure random session ids / msid app-data. */
    public AnswerBuilder(String iceUfrag, String icePwd, String sha256Fingerprint) {
        this(iceUfrag, icePwd, new Fingerprint("sha-256", sha256Fingerprint), randomSessionIds(), UUID::randomUUID);
    }

    /** @param sessionIds source of the {@code o=} session id; {@code uuids} of msid app-data (tests fix both) */
    public AnswerBuilder(String iceUfrag, String icePwd, Fingerprint fingerprint, LongSupplier sessionIds,
                         Supplier<UUID> uuids) {
        this.iceUfrag = MediaAnswer.requireToken("ice-ufrag", iceUfrag);
        this.icePwd = MediaAnswer.requireToken("ice-pwd", icePwd);
        MediaAnswer.requireToken("fingerprint algorithm", fingerprint.algorithm());
        MediaAnswer.requireToken("fingerprint", fingerprint.value());
        this.fingerprint = fingerprint;
        this.sessionIds = sessionIds;
        this.uuids = uuids;
    }

    /** The answer text and the per-section decisions behind it (offer order). */
    public record Answer(String sdp, List<MediaAnswer> sections) {
    }

    /**
     * Negotiation policy of the room and peer.
     *
     * @param codecFilter      the room's {@code videoCodec} filter
     * @param headerExtensions URIs the server is willing to negotiate (a subset of {@link HeaderExtensions#JELLYFISH})
     * @param inboundRtx       whether RTX is answered on client-sending m-lines (needs RTX unwrapping, 5.1)
     */
    public record Policy(CodecFilter codecFilter, Set<String> headerExtensions, boolean inboundRtx) {

        /** Jellyfish v0.5.0: every supported extension and RTX answered. */
        public static Policy jellyfish(String videoCodec) {
            return new Policy(CodecFilter.forVideoCodec(videoCodec), HeaderExtensions.JELLYFISH, true);
        }
    }

    /**
     * Decides every offered m-section from its role (R5, R6, R9, R10, 3.11) and renders the answer.
     * Degrades to {@code a=inactive} wherever the engine would crash: no acceptable codec, an
     * unsupported rid, a role contradicting the offered direction, or no role for the mid.
     *
     * @throws SdpParseException if an audio or video m-section has no mid (BUNDLE needs one)
     */
    public Answer answer(SessionDescription offer, Map<String, SectionRole> roles, Policy policy) {
        List<MediaAnswer> sections = new ArrayList<>();
        for (MediaSection section : offer.media()) {
            if (isRtpMedia(section) && section.mid().isEmpty()) {
                throw new SdpParseException("Invalid SDP: " + section.kindToken() + " m-section without a=mid");
            }
            SectionRole role = section.mid().map(roles::get).orElse(null);
            sections.add(decide(section, role, policy));
        }
        return new Answer(build(sections), List.copyOf(sections));
    }

    private MediaAnswer decide(MediaSection section, SectionRole role, Policy policy) {
        OptionalInt none = OptionalInt.empty();
        if (!isRtpMedia(section)) {
            return MediaAnswer.inactive(section, none);
        }
        return switch (role) {
            case SectionRole.Publish publish -> publish(section, publish, policy);
            case SectionRole.Subscribe subscribe -> subscribe(section, subscribe, policy);
            case SectionRole.Inactive inactive -> MediaAnswer.inactive(section, inactive.previousPayloadType());
            case null -> MediaAnswer.inactive(section, none);
        };
    }

    private static MediaAnswer publish(MediaSection section, SectionRole.Publish role, Policy policy) {
        boolean clientSends = section.direction() == Direction.SENDONLY || section.direction() == Direction.SENDRECV;
        var codec = policy.codecFilter().select(section);
        if (!clientSends || codec.isEmpty()) {
            return MediaAnswer.inactive(section, OptionalInt.empty());
        }
        List<String> rids = List.of();
        if (role.simulcastEnabled() && !section.rids().isEmpty()) {
            List<String> offered = section.rids().stream().filter(r -> r.direction().equals("send")).map(Rid::id).toList();
            if (!Set.of("l", "m", "h").containsAll(offered)) {
                // Only l/m/h map to the engine's variants; any other rid disables the track (3.11).
                return MediaAnswer.inactive(section, OptionalInt.of(codec.get().payloadType()));
            }
            rids = offered;
        }
        CodecChoice chosen = policy.inboundRtx() ? codec.get() : codec.get().withoutRtx();
        return MediaAnswer.receive(section, chosen, HeaderExtensions.keep(section, policy.headerExtensions()),
                role.streamId(), rids);
    }

    private static MediaAnswer subscribe(MediaSection section, SectionRole.Subscribe role, Policy policy) {
        boolean clientReceives = section.direction() == Direction.RECVONLY || section.direction() == Direction.SENDRECV;
        var codec = CodecFilter.matchForSubscriber(section, role.codec());
        if (!clientReceives || section.kind() != role.kind() || codec.isEmpty()) {
            return MediaAnswer.inactive(section, OptionalInt.empty());
        }
        List<ExtMap> extensions = HeaderExtensions.keep(section, policy.headerExtensions()).stream()
                .filter(e -> role.publisherExtensions().contains(e.uri()))
                .toList();
        String cname = role.trackId() + "-" + role.kind().token() + "-" + role.streamId();
        return MediaAnswer.send(section, codec.get(), extensions, role.streamId(), role.ssrc(), cname);
    }

    /** Renders already-decided sections; the lower-level entry point behind {@link #answer}. */
    public String build(List<MediaAnswer> sections) {
        StringBuilder out = new StringBuilder(2048);
        line(out, "v=0");
        line(out, "o=- " + Long.toUnsignedString(sessionIds.getAsLong()) + " 0 IN IP4 127.0.0.1");
        line(out, "s=-");
        line(out, "t=0 0");
        List<String> bundle = sections.stream()
                .filter(s -> isRtpMedia(s.offer()))
                .flatMap(s -> s.offer().mid().stream())
                .sorted(MID_ORDER)
                .toList();
        line(out, "a=group:BUNDLE " + String.join(" ", bundle));
        line(out, "a=extmap-allow-mixed");
        line(out, "a=ice-lite");
        for (MediaAnswer section : sections) {
            if (isRtpMedia(section.offer())) {
                mediaSection(out, section);
            } else {
                rejectedSection(out, section.offer());
            }
        }
        return out.toString();
    }

    private void mediaSection(StringBuilder out, MediaAnswer a) {
        MediaSection offer = a.offer();
        int pt = a.payloadType();
        var rtx = a.codec().flatMap(CodecChoice::rtx);
        line(out, "m=" + offer.kindToken() + " 9 UDP/TLS/RTP/SAVPF " + pt
                + rtx.map(r -> " " + r.codec().payloadType()).orElse(""));
        line(out, "c=IN IP4 0.0.0.0");
        line(out, "a=" + a.direction().token());
        line(out, "a=ice-ufrag:" + iceUfrag);
        line(out, "a=ice-pwd:" + icePwd);
        line(out, "a=ice-options:trickle");
        line(out, "a=fingerprint:" + fingerprint.algorithm() + " " + fingerprint.value());
        line(out, "a=setup:passive");
        offer.mid().ifPresent(mid -> line(out, "a=mid:" + mid));
        a.streamId().ifPresent(stream -> line(out, "a=msid:" + stream + " " + uuids.get()));
        line(out, "a=rtcp-mux");
        a.codec().ifPresent(codec -> {
            line(out, "a=rtpmap:" + pt + " " + codec.codec().encoding());
            codec.fmtp().ifPresent(f -> line(out, "a=fmtp:" + pt + " " + f.serialize()));
        });
        rtx.ifPresent(r -> {
            int rtxPt = r.codec().payloadType();
            line(out, "a=rtpmap:" + rtxPt + " rtx/" + r.codec().clockRate());
            line(out, "a=fmtp:" + rtxPt + " apt=" + pt
                    + r.fmtp().parameter("rtx-time").map(t -> ";rtx-time=" + t).orElse(""));
        });
        for (ExtMap ext : a.extensions()) {
            line(out, "a=extmap:" + ext.id() + " " + ext.uri() + (ext.attributes().isEmpty() ? "" : " " + ext.attributes()));
            if (ext.uri().equals(HeaderExtensions.TRANSPORT_CC)) {
                line(out, "a=rtcp-fb:" + pt + " transport-cc");
            }
        }
        if (offer.kind() == MediaKind.VIDEO && a.direction() != Direction.INACTIVE) {
            List<String> offered = offer.rtcpFeedback(pt);
            VIDEO_FEEDBACK.stream().filter(offered::contains).forEach(fb -> line(out, "a=rtcp-fb:" + pt + " " + fb));
            if (offer.rtcpRsize()) {
                line(out, "a=rtcp-rsize");
            }
        }
        if (!a.receiveRids().isEmpty()) {
            a.receiveRids().forEach(rid -> line(out, "a=rid:" + rid + " recv"));
            line(out, "a=simulcast:recv " + String.join(";", a.receiveRids()));
        }
        if (a.ssrc().isPresent()) {
            line(out, "a=ssrc:" + a.ssrc().getAsLong() + " cname:" + a.cname().orElseThrow());
        }
    }

    /**
     * Data channels and unknown media are not served. They are rejected with port 0, which is
     * safe for them (the port-0 warning of 3.11 is about audio/video transceivers), and stay out
     * of the BUNDLE group as RFC 8843 requires for rejected sections.
     */
    private static void rejectedSection(StringBuilder out, MediaSection offer) {
        line(out, "m=" + offer.kindToken() + " 0 " + offer.proto() + " " + String.join(" ", offer.formats()));
        line(out, "c=IN IP4 0.0.0.0");
        offer.mid().ifPresent(mid -> line(out, "a=mid:" + mid));
    }

    private static boolean isRtpMedia(MediaSection section) {
        return (section.kind() == MediaKind.AUDIO || section.kind() == MediaKind.VIDEO) && !section.payloadTypes().isEmpty();
    }

    /** Numeric mids in numeric order (the engine sorts by integer mid), others after them by text. */
    private static final Comparator<String> MID_ORDER = Comparator
            .comparing((String mid) -> !mid.chars().allMatch(Character::isDigit) || mid.length() > 9)
            .thenComparing(mid -> mid.chars().allMatch(Character::isDigit) && mid.length() <= 9 ? Integer.parseInt(mid) : 0)
            .thenComparing(Comparator.naturalOrder());

    private static void line(StringBuilder out, String line) {
        out.append(line).append(CRLF);
    }

    private static LongSupplier randomSessionIds() {
        SecureRandom random = new SecureRandom();
        return () -> random.nextLong() & Long.MAX_VALUE;
    }
}
