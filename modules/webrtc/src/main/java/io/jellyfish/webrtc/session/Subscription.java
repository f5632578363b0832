package io.jellyfish.webrtc.session;

import io.jellyfish.webrtc.rtp.RtpMunger;
import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.rtp.Vp8Munger;
import io.jellyfish.webrtc.srtp.SrtpSession;

import java.util.concurrent.TimeUnit;

/**
 * One subscriber receiving one published track (webrtc.md 5.2, 5.6): the SSRC and payload type
 * announced in that subscriber's answer, the layer it currently gets, and the sequence/timestamp
 * rewriting that keeps its stream continuous across layer switches.
 *
 * <p>{@link #onPacket} runs on the publisher's listener thread only; the target variant is set from
 * the subscriber's signalling thread.
 */
final class Subscription implements VoiceActivity.Listener {
    final InboundTrack track;
    final PeerEndpoint subscriber;
    final long ssrc;
    final int payloadType;
    /**
     * Protects this stream's RTP, and nothing else: only the publisher's thread forwarding into it
     * uses it, so the subscriber's streams are protected in parallel. It holds the only sender
     * state of {@link #ssrc}, which no other session of the same keys ever protects.
     */
    final SrtpSession srtp;
    /** What was sent, for the subscriber's NACKs (webrtc.md 5.4); null for audio, which Chromium never NACKs. */
    final RetransmissionCache retransmissions;
    private final RtpMunger munger;
    /** VP8 simulcast only: keeps PictureID/TL0PICIDX/KEYIDX continuous across layer switches (5.2). */
    final Vp8Munger vp8Munger;
    /** Set for the first packet after a layer switch; read by the forward that follows on the same thread. */
    private boolean switchedBeforeForward;
    private volatile String targetEncoding;
    private InboundTrack.Layer current;
    private long lastKeyframeAskNanos = Long.MIN_VALUE / 2;

    Subscription(InboundTrack track, PeerEndpoint subscriber, long ssrc, int payloadType, SrtpSession srtp) {
        this.track = track;
        this.subscriber = subscriber;
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.srtp = srtp;
        this.munger = track.video() ? new RtpMunger(track.clockRate) : null;
        this.vp8Munger = track.vp8 && track.simulcast() ? new Vp8Munger() : null;
        this.retransmissions = track.video() ? new RetransmissionCache(PeerEndpoint.MAX_SENT_PACKET) : null;
        // Jellyfish's initial target for every simulcast track is medium (webrtc.md 0).
        this.targetEncoding = track.simulcast() && track.layer("m") != null ? "m" : track.layers.getLast().rid;
    }

    /** {@code setTargetTrackVariant}: switches at the next keyframe of that layer; unknown variants are ignored. */
    void setTarget(String encoding) {
        InboundTrack.Layer layer = track.layer(encoding);
        if (layer != null) {
            targetEncoding = encoding;
            track.requestKeyframe(layer, System.nanoTime());
        }
    }

    /** {@code vadNotification} of this track to the subscriber (webrtc.md 5.7). */
    @Override
    public void onVoiceActivity(boolean speech) {
        subscriber.announceVoiceActivity(this, speech);
    }

    /** The layer currently forwarded, or null before the first keyframe. */
    String currentEncoding() {
        InboundTrack.Layer layer = current;
        return layer == null ? null : layer.rid;
    }

    /** Starts forwarding: the first video packet must be a keyframe, so one is requested now (R8). */
    void start() {
        track.requestKeyframe(desiredLayer(System.nanoTime()), System.nanoTime());
    }

    /** The target if it is active, else the best active layer below it, else the lowest active one. */
    private InboundTrack.Layer desiredLayer(long now) {
        InboundTrack.Layer target = track.layer(targetEncoding);
        if (target == null || track.layers.size() == 1 || target.active(now)) {
            return target == null ? track.layers.getFirst() : target;
        }
        InboundTrack.Layer best = null;
        for (InboundTrack.Layer layer : track.layers) {
            if (layer.active(now) && layer.quality <= target.quality && (best == null || layer.quality > best.quality)) {
                best = layer;
            }
        }
        if (best == null) {
            for (InboundTrack.Layer layer : track.layers) {
                if (layer.active(now) && (best == null || layer.quality < best.quality)) {
                    best = layer;
                }
            }
        }
        return best == null ? target : best;
    }

    void onPacket(InboundTrack.Layer layer, RtpPacket packet, boolean keyframe, long now) {
        if (munger == null) {
            if (current == null) {
                current = layer;
                subscriber.announceEncoding(this, layer.rid, "other");
            }
            subscriber.forward(this, packet, packet.sequenceNumber(), packet.timestamp());
            return;
        }
        InboundTrack.Layer desired = desiredLayer(now);
        if (layer != current) {
            if (layer != desired) {
                return;
            }
            if (!keyframe) {
                // Keep asking for the keyframe the switch (or the start) waits for.
                if (now - lastKeyframeAskNanos >= InboundTrack.KEYFRAME_REQUEST_INTERVAL_NANOS) {
                    lastKeyframeAskNanos = now;
                    track.requestKeyframe(layer, now);
                }
                return;
            }
        }
        if (!munger.munge(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(), keyframe,
                TimeUnit.NANOSECONDS.toMillis(now))) {
            return;
        }
        if (layer != current) {
            String reason = current == null ? "other" : current.active(now) ? "other" : "encoding_inactive";
            current = layer;
            subscriber.announceEncoding(this, layer.rid, reason);
        }
        switchedBeforeForward = munger.switched();
        subscriber.forward(this, packet, munger.sequenceNumber(), munger.timestamp());
    }

    /** Whether the packet being forwarded is the first of a new layer (then cleared). */
    boolean takeLayerSwitch() {
        boolean switched = switchedBeforeForward;
        switchedBeforeForward = false;
        return switched;
    }
}
