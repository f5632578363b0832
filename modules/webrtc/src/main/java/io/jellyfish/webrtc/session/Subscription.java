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
 * the subscriber's signalling thread, the bandwidth cap from the shared timer thread
 * ({@link BandwidthAllocator}).
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
    /** Where padding probes come from, or null when this subscriber has no allocator (tests). */
    private final BandwidthAllocator allocator;
    /** webrtc.md 5.6: the allocator leaves a subscription alone for its first 500 ms. */
    final long startNanos;
    private volatile String targetEncoding;
    /** The highest layer quality the subscriber's bandwidth allows; unlimited until the allocator says. */
    private volatile int allowedQuality = Integer.MAX_VALUE;
    private InboundTrack.Layer current;
    private long lastKeyframeAskNanos = Long.MIN_VALUE / 2;

    Subscription(InboundTrack track, PeerEndpoint subscriber, long ssrc, int payloadType, SrtpSession srtp,
                 BandwidthAllocator allocator, long startNanos) {
        this.track = track;
        this.allocator = allocator;
        this.startNanos = startNanos;
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

    boolean negotiable(long now) {
        return now - startNanos >= BandwidthAllocator.NEGOTIABLE_AFTER_NANOS;
    }

    /**
     * {@code setTargetTrackVariant}: switches at the next keyframe of the layer it leads to (the
     * allocator may then cap it); unknown variants are ignored.
     */
    void setTarget(String encoding) {
        if (track.layer(encoding) != null) {
            targetEncoding = encoding;
            track.requestKeyframe(desiredLayer(), System.nanoTime());
        }
    }

    /** The layer {@code setTargetTrackVariant} asked for. */
    InboundTrack.Layer targetLayer() {
        InboundTrack.Layer target = track.layer(targetEncoding);
        return target == null ? track.layers.getFirst() : target;
    }

    int allowedQuality() {
        return allowedQuality;
    }

    /**
     * The allocator's cap (webrtc.md 5.6): layers above {@code quality} are not forwarded. A lower
     * cap takes effect at the next keyframe of the layer it leads to, asked for now.
     */
    void setAllowedQuality(int quality, long now) {
        if (allowedQuality != quality) {
            allowedQuality = quality;
            track.requestKeyframe(desiredLayer(), now);
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
        track.requestKeyframe(desiredLayer(), System.nanoTime());
    }

    /**
     * The best active layer up to the target and the allocator's cap, else the lowest active one,
     * else the target (nothing flows yet).
     */
    InboundTrack.Layer desiredLayer() {
        InboundTrack.Layer target = targetLayer();
        if (track.layers.size() == 1) {
            return target;
        }
        int limit = Math.min(target.quality, allowedQuality);
        InboundTrack.Layer best = null;
        for (InboundTrack.Layer layer : track.layers) {
            if (layer.active() && layer.quality <= limit && (best == null || layer.quality > best.quality)) {
                best = layer;
            }
        }
        if (best == null) {
            for (InboundTrack.Layer layer : track.layers) {
                if (layer.active() && (best == null || layer.quality < best.quality)) {
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
        InboundTrack.Layer desired = desiredLayer();
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
            String reason = switchReason(current, layer);
            current = layer;
            subscriber.announceEncoding(this, layer.rid, reason);
        }
        switchedBeforeForward = munger.switched();
        subscriber.forward(this, packet, munger.sequenceNumber(), munger.timestamp());
        if (packet.marker() && allocator != null && munger.paddable()) {
            // Probes go only between frames, so the receiver's frame assembly never sees them inside one.
            for (int probes = allocator.takeProbes(this); probes > 0; probes--) {
                subscriber.sendPadding(this, munger.nextPaddingSequenceNumber(), munger.timestamp());
            }
        }
    }

    /** webrtc.md 5.6: encoding_inactive when the old layer stopped, low_bandwidth when the cap pushed it down. */
    String switchReason(InboundTrack.Layer from, InboundTrack.Layer to) {
        if (from == null) {
            return "other";
        }
        if (!from.active()) {
            return "encoding_inactive";
        }
        return to.quality < from.quality && from.quality > allowedQuality ? "low_bandwidth" : "other";
    }

    /** Whether the packet being forwarded is the first of a new layer (then cleared). */
    boolean takeLayerSwitch() {
        boolean switched = switchedBeforeForward;
        switchedBeforeForward = false;
        return switched;
    }
}
