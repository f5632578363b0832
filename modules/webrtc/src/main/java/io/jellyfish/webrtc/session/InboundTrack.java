package io.jellyfish.webrtc.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.api.media.PublishedTrack;
import io.jellyfish.webrtc.rtp.H264Payload;
import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.rtp.SequenceGaps;
import io.jellyfish.webrtc.rtp.Vp8Payload;
import io.jellyfish.webrtc.sdp.CodecChoice;
import io.jellyfish.webrtc.sdp.ExtMap;
import io.jellyfish.webrtc.sdp.HeaderExtensions;
import io.jellyfish.webrtc.sdp.MediaKind;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A track a peer publishes (webrtc.md 5.1): its layers (one for a plain track, one per rid for
 * simulcast), the subscriptions it feeds, and the keyframe requests towards the publisher.
 *
 * <p>Packets arrive on the publisher's TURN listener thread only; subscriptions are added and
 * removed from signalling threads, hence the copy-on-write list.
 */
final class InboundTrack implements PublishedTrack {
    /** webrtc.md 5.3: at most one keyframe request per layer every 500 ms, repeated until one arrives. */
    static final long KEYFRAME_REQUEST_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** webrtc.md 2.2: what the SDK signals when the publisher set no limit, in bits/s. */
    static final long DEFAULT_VIDEO_BITRATE = 2_500_000;
    private static final Map<String, Long> DEFAULT_LAYER_BITRATES = Map.of("l", 150_000L, "m", 500_000L, "h", 2_500_000L);

    /** One encoding of the track: its SSRC (learnt from the offer or the MID/RID extensions) and its state. */
    static final class Layer {
        final String rid;
        final int quality;
        volatile long ssrc = -1;
        /** The publisher's max bitrate for it (trackIdToTrackBitrates, trackVariantBitrates), for the allocator. */
        volatile long bitrate;
        /** Null for a non-simulcast track, which is always active (webrtc.md 5.6). */
        final LayerActivity activity;
        volatile boolean keyframeWanted;
        volatile long lastKeyframeRequestNanos = Long.MIN_VALUE / 2;
        /** Loss in this layer's stream, NACKed to the publisher (its listener thread only). */
        final SequenceGaps gaps = new SequenceGaps();

        Layer(String rid, int quality, long bitrate, boolean simulcast) {
            this.rid = rid;
            this.quality = quality;
            this.bitrate = bitrate;
            this.activity = simulcast ? new LayerActivity() : null;
        }

        boolean active() {
            return activity == null || activity.active();
        }
    }

    private final String id;
    private final String endpointId;
    private final MediaKind kind;
    private final String metadata;
    private final boolean simulcast;
    final String mid;
    final String streamId;
    final CodecChoice codec;
    final Set<String> extensionUris;
    /** The publisher's extension ids for MID and RID (0 when not negotiated): SSRC discovery, 5.1. */
    final int midExtensionId;
    final int ridExtensionId;
    final int clockRate;
    final boolean vp8;
    final boolean h264;
    final List<Layer> layers;
    private final PeerEndpoint publisher;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** Reused by the publisher's listener thread only. */
    private final Vp8Payload vp8Descriptor = new Vp8Payload();
    /** For the server metrics report; written by the publisher's listener thread. */
    final EndpointStats.InboundRtp inboundRtp = new EndpointStats.InboundRtp();
    /** webrtc.md 5.7; null for video and when the publisher's answer lacks the audio-level extension. */
    private final VoiceActivity voiceActivity;
    private volatile boolean closed;

    InboundTrack(String id, String endpointId, MediaKind kind, String metadata, String mid, String streamId,
                 CodecChoice codec, List<ExtMap> extensions, List<String> rids, PeerEndpoint publisher) {
        this.id = id;
        this.endpointId = endpointId;
        this.kind = kind;
        this.metadata = metadata;
        this.mid = mid;
        this.streamId = streamId;
        this.codec = codec;
        Set<String> uris = new HashSet<>();
        extensions.forEach(ext -> uris.add(ext.uri()));
        this.extensionUris = Set.copyOf(uris);
        this.midExtensionId = HeaderExtensions.id(extensions, HeaderExtensions.MID).orElse(0);
        this.ridExtensionId = HeaderExtensions.id(extensions, HeaderExtensions.RTP_STREAM_ID).orElse(0);
        this.clockRate = codec.codec().clockRate();
        this.vp8 = codec.name().equalsIgnoreCase("VP8");
        this.h264 = codec.name().equalsIgnoreCase("H264");
        this.simulcast = !rids.isEmpty();
        this.layers = simulcast
                ? rids.stream().map(rid -> new Layer(rid, quality(rid), DEFAULT_LAYER_BITRATES.getOrDefault(rid,
                        DEFAULT_VIDEO_BITRATE), true)).toList()
                : List.of(new Layer("h", 2, DEFAULT_VIDEO_BITRATE, false));
        this.publisher = publisher;
        int audioLevelId = HeaderExtensions.id(extensions, HeaderExtensions.AUDIO_LEVEL).orElse(0);
        this.voiceActivity = kind == MediaKind.AUDIO && audioLevelId > 0 ? new VoiceActivity(audioLevelId) : null;
    }

    private static int quality(String rid) {
        return switch (rid) {
            case "l" -> 0;
            case "m" -> 1;
            default -> 2;
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String endpointId() {
        return endpointId;
    }

    @Override
    public String kind() {
        return kind.token();
    }

    MediaKind mediaKind() {
        return kind;
    }

    @Override
    public String metadata() {
        return metadata;
    }

    @Override
    public boolean simulcast() {
        return simulcast;
    }

    @Override
    public List<String> encodings() {
        return layers.stream().map(layer -> layer.rid).toList();
    }

    boolean video() {
        return kind == MediaKind.VIDEO;
    }

    Layer layer(String rid) {
        for (Layer layer : layers) {
            if (layer.rid.equals(rid)) {
                return layer;
            }
        }
        return null;
    }

    void attach(Subscription subscription) {
        if (!closed) {
            subscriptions.add(subscription);
        }
    }

    /** Tells a just-attached subscription the current voice activity (webrtc.md 5.7). */
    void announceVoiceActivity(Subscription subscription) {
        if (voiceActivity != null) {
            voiceActivity.announceTo(subscription);
        }
    }

    void detach(Subscription subscription) {
        subscriptions.remove(subscription);
    }

    /** The publisher stopped publishing it: every subscription stops; the room tells the subscribers. */
    void close() {
        closed = true;
        subscriptions.clear();
    }

    /** One decrypted packet of {@code layer}, on the publisher's listener thread. */
    void onPacket(Layer layer, RtpPacket packet, long now) {
        if (layer.activity != null) {
            layer.activity.onPacket(now);
        }
        inboundRtp.received(packet.length(), packet.marker());
        boolean keyframe = isKeyframe(packet);
        if (keyframe) {
            layer.keyframeWanted = false;
        } else if (layer.keyframeWanted && now - layer.lastKeyframeRequestNanos >= KEYFRAME_REQUEST_INTERVAL_NANOS) {
            sendKeyframeRequest(layer, now);
        }
        if (voiceActivity != null) {
            voiceActivity.onPacket(packet, subscriptions);
        }
        for (Subscription subscription : subscriptions) {
            subscription.onPacket(layer, packet, keyframe, now);
        }
    }

    /** The once-a-second activity check of every layer (webrtc.md 5.6), on the shared timer thread. */
    void checkActivity(long now) {
        for (Layer layer : layers) {
            if (layer.activity != null) {
                layer.activity.check(now);
            }
        }
    }

    /**
     * The publisher's max bitrates (webrtc.md 2.2): a number for a non-simulcast track, an object
     * with {@code l}/{@code m}/{@code h} for a simulcast one; anything else, and unknown rids, are
     * ignored.
     */
    void setBitrates(JsonNode bitrates) {
        if (bitrates == null) {
            return;
        }
        if (bitrates.isNumber() && !simulcast && bitrates.asLong() > 0) {
            layers.getFirst().bitrate = bitrates.asLong();
        } else if (bitrates.isObject() && simulcast) {
            for (Layer layer : layers) {
                JsonNode value = bitrates.get(layer.rid);
                if (value != null && value.isNumber() && value.asLong() > 0) {
                    layer.bitrate = value.asLong();
                }
            }
        }
    }

    /**
     * Asks the publisher for a keyframe of {@code layer} (webrtc.md 5.3): at once unless one was
     * asked for in the last 500 ms, then again on later packets until a keyframe arrives.
     */
    void requestKeyframe(Layer layer, long now) {
        if (!video()) {
            return;
        }
        layer.keyframeWanted = true;
        if (now - layer.lastKeyframeRequestNanos >= KEYFRAME_REQUEST_INTERVAL_NANOS) {
            sendKeyframeRequest(layer, now);
        }
    }

    private void sendKeyframeRequest(Layer layer, long now) {
        long ssrc = layer.ssrc;
        if (ssrc < 0) {
            return;
        }
        layer.lastKeyframeRequestNanos = now;
        publisher.sendPli(ssrc);
    }

    /** webrtc.md 5.1: VP8 S=1/PID=0/P=0, H264 IDR or SPS, and every audio packet. */
    private boolean isKeyframe(RtpPacket packet) {
        if (!video()) {
            return true;
        }
        int offset = packet.payloadOffset();
        int length = packet.payloadLength();
        if (length <= 0) {
            return false;
        }
        if (vp8) {
            return vp8Descriptor.parse(packet.buffer(), offset, length) && vp8Descriptor.isKeyframe();
        }
        return h264 && H264Payload.isKeyframe(packet.buffer(), offset, length);
    }
}
