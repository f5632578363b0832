package io.jellyfish.webrtc.session;

import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.rtp.Rtx;
import io.jellyfish.webrtc.sdp.CodecChoice;
import io.jellyfish.webrtc.sdp.HeaderExtensions;
import io.jellyfish.webrtc.sdp.MediaAnswer;
import io.jellyfish.webrtc.sdp.SsrcGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A publisher's RTX streams (webrtc.md 5.1, 5.6) and their merging into the media streams they
 * repair. Which SSRC repairs which layer comes from the offer's {@code a=ssrc-group:FID <media>
 * <rtx>} or, when no SSRCs are signalled (simulcast), from the first packet carrying the answered
 * RTX payload type: its MID extension names the track, its repaired-rtp-stream-id the layer.
 *
 * <p>Tracks are bound and unbound on the signalling thread; packets arrive on the publisher's
 * listener thread.
 */
final class InboundRtx {

    /** A learnt RTX stream: the track and layer its packets repair. */
    record Stream(InboundTrack track, InboundTrack.Layer layer) {
    }

    /** What the answer negotiated for one track's RTX: its payload type and the repaired-rid id (0: none). */
    private record Negotiated(InboundTrack track, int payloadType, int repairedRidExtensionId) {
    }

    private final int maxStreams;
    private final Map<Long, Stream> streams = new ConcurrentHashMap<>();
    private volatile List<Negotiated> negotiated = List.of();

    /** @param maxStreams how many RTX SSRCs one peer may make the server learn */
    InboundRtx(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    /** A track the answer accepted: remembers its RTX payload type, and its FID RTX SSRCs if signalled. */
    void bind(InboundTrack track, MediaAnswer section) {
        CodecChoice.Rtx rtx = section.codec().flatMap(CodecChoice::rtx).orElse(null);
        if (rtx == null) {
            return;
        }
        List<Negotiated> updated = new ArrayList<>(negotiated);
        updated.add(new Negotiated(track, rtx.codec().payloadType(),
                HeaderExtensions.id(section.extensions(), HeaderExtensions.REPAIRED_RTP_STREAM_ID).orElse(0)));
        negotiated = List.copyOf(updated);
        if (track.simulcast()) {
            return;
        }
        for (SsrcGroup group : section.offer().ssrcGroups()) {
            if (group.semantics().equals("FID") && group.ssrcs().size() == 2) {
                learn(group.ssrcs().get(1), new Stream(track, track.layers.getFirst()));
            }
        }
    }

    /** The track is gone: its RTX streams are no longer merged. */
    void unbind(InboundTrack track) {
        negotiated = negotiated.stream().filter(n -> n.track() != track).toList();
        streams.values().removeIf(stream -> stream.track() == track);
    }

    /**
     * If {@code packet} belongs to an RTX stream (learnt before, or identified now by MID and
     * repaired-rid), turns it in place into the media packet it repairs ({@link Rtx#unwrap}).
     *
     * @return the stream it now belongs to; null if it is not RTX of a bound track, its media
     *         SSRC is not known yet, or it carries nothing to merge (padding-only probes)
     */
    Stream unwrap(RtpPacket packet) {
        Stream stream = streams.get(packet.ssrc());
        if (stream == null) {
            stream = discover(packet);
        }
        if (stream == null) {
            return null;
        }
        long mediaSsrc = stream.layer().ssrc;
        if (mediaSsrc < 0 || !Rtx.unwrap(packet, mediaSsrc, stream.track().codec.payloadType())) {
            return null;
        }
        return stream;
    }

    private Stream discover(RtpPacket packet) {
        if (streams.size() >= maxStreams) {
            return null;
        }
        for (Negotiated candidate : negotiated) {
            InboundTrack track = candidate.track();
            if (packet.payloadType() != candidate.payloadType() || track.midExtensionId <= 0
                    || !track.mid.equals(PeerEndpoint.extensionText(packet, track.midExtensionId))) {
                continue;
            }
            InboundTrack.Layer layer;
            if (track.simulcast()) {
                int id = candidate.repairedRidExtensionId();
                layer = id <= 0 ? null : track.layer(PeerEndpoint.extensionText(packet, id));
            } else {
                layer = track.layers.getFirst();
            }
            if (layer == null) {
                return null;
            }
            Stream stream = new Stream(track, layer);
            learn(packet.ssrc(), stream);
            return stream;
        }
        return null;
    }

    private void learn(long ssrc, Stream stream) {
        if (streams.size() < maxStreams) {
            streams.put(ssrc, stream);
        }
    }
}
