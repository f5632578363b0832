package io.jellyfish.webrtc.sdp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One parsed m-section. ICE credentials, fingerprint and setup are resolved: media-level values
 * win, session-level values fill the gaps (Chromium writes them per media section).
 *
 * @param payloadTypes the numeric formats of the m-line, in order (empty for non-RTP protocols)
 * @param formats      the m-line's formats as written (e.g. {@code webrtc-datachannel})
 * @param direction    {@link Direction#SENDRECV} when no direction attribute is present (RFC 8866)
 * @param rtcpFeedback per payload type, the {@code a=rtcp-fb} values ({@code nack}, {@code nack pli},
 *                     {@code ccm fir}, {@code transport-cc}…) including {@code *} wildcard lines
 * @param ssrcs        per SSRC, its {@code a=ssrc} attributes in order ({@code cname}, {@code msid}…)
 * @param attributes   every {@code a=} line of the section, unknown ones included
 */
public record MediaSection(
        MediaKind kind,
        String kindToken,
        int port,
        String proto,
        List<Integer> payloadTypes,
        List<String> formats,
        Optional<String> mid,
        Direction direction,
        Optional<String> iceUfrag,
        Optional<String> icePwd,
        Optional<Fingerprint> fingerprint,
        Optional<String> setup,
        Optional<Msid> msid,
        Map<Integer, RtpMap> rtpMaps,
        Map<Integer, Fmtp> fmtps,
        Map<Integer, List<String>> rtcpFeedback,
        List<ExtMap> extMaps,
        Map<Long, Map<String, String>> ssrcs,
        List<SsrcGroup> ssrcGroups,
        List<Rid> rids,
        Optional<Simulcast> simulcast,
        boolean rtcpMux,
        boolean rtcpRsize,
        List<Attribute> attributes) {

    public Optional<RtpMap> rtpMap(int payloadType) {
        return Optional.ofNullable(rtpMaps.get(payloadType));
    }

    public Optional<Fmtp> fmtp(int payloadType) {
        return Optional.ofNullable(fmtps.get(payloadType));
    }

    /** The feedback values offered for {@code payloadType}, wildcard lines included. */
    public List<String> rtcpFeedback(int payloadType) {
        List<String> specific = rtcpFeedback.getOrDefault(payloadType, List.of());
        List<String> wildcard = rtcpFeedback.getOrDefault(SessionDescription.WILDCARD_PAYLOAD_TYPE, List.of());
        if (wildcard.isEmpty()) {
            return specific;
        }
        return Stream.concat(specific.stream(), wildcard.stream()).distinct().toList();
    }

    public Optional<ExtMap> extMap(String uri) {
        return extMaps.stream().filter(e -> e.uri().equals(uri)).findFirst();
    }

    /** The first {@code a=} attribute named {@code name}. */
    public Optional<String> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst();
    }
}
