package io.jellyfish.webrtc.sdp;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** The RTP header extensions the server negotiates (3.11 table); all others are dropped. */
public final class HeaderExtensions {

    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String TRANSPORT_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /** What Jellyfish v0.5.0 enables (section 0). */
    public static final Set<String> JELLYFISH = Set.of(MID, RTP_STREAM_ID, REPAIRED_RTP_STREAM_ID, TRANSPORT_CC, AUDIO_LEVEL);

    private HeaderExtensions() {
    }

    /**
     * The offer's extmaps that the answer keeps, in offer order with the offer's ids: URIs in
     * {@code enabled} that suit the section's kind. Audio level (audio only) gets {@code vad=on};
     * directions and other attributes are not echoed.
     */
    public static List<ExtMap> keep(MediaSection offer, Set<String> enabled) {
        return offer.extMaps().stream()
                .filter(e -> enabled.contains(e.uri()) && JELLYFISH.contains(e.uri()))
                .filter(e -> !e.uri().equals(AUDIO_LEVEL) || offer.kind() == MediaKind.AUDIO)
                .map(e -> new ExtMap(e.id(), Optional.empty(), e.uri(), e.uri().equals(AUDIO_LEVEL) ? "vad=on" : ""))
                .toList();
    }

    /** The id negotiated for {@code uri}, if kept. */
    public static OptionalInt id(List<ExtMap> extensions, String uri) {
        return extensions.stream().filter(e -> e.uri().equals(uri)).mapToInt(ExtMap::id).findFirst();
    }
}
