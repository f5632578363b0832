package io.jellyfish.webrtc.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.sdp.CodecChoice;
import io.jellyfish.webrtc.sdp.MediaKind;
import io.jellyfish.webrtc.sdp.RtpMap;
import io.jellyfish.webrtc.srtp.SrtpProfile;
import io.jellyfish.webrtc.srtp.SrtpSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** webrtc.md 5.6: how one subscriber's estimate is split, and when it probes. */
class BandwidthAllocatorTest {
    private static final long START = 1_000_000_000L;
    private static final long NEGOTIABLE = START + BandwidthAllocator.NEGOTIABLE_AFTER_NANOS;
    private static final CodecChoice VP8 = new CodecChoice(new RtpMap(96, "VP8", 90_000, 0), Optional.empty(),
            Optional.empty());
    private static final CodecChoice OPUS = new CodecChoice(new RtpMap(111, "opus", 48_000, 2), Optional.empty(),
            Optional.empty());
    /** Costs with the 10% overhead: l 165 k, m 550 k, h 2.75 M; audio 38.5 k. */
    private static final long L = 165_000;
    private static final long M = 550_000;
    private static final long H = 2_750_000;
    private static final long AUDIO = BandwidthAllocator.AUDIO_RESERVE_BPS;

    private final WebRtcPlane plane = new WebRtcPlane(new JellyfishConfig.WebRtc(true, "127.0.0.1", "127.0.0.1",
            50000, 59999, Optional.empty()));
    private final PeerEndpointTest.RecordingContext context = new PeerEndpointTest.RecordingContext();
    private final PeerEndpoint subscriber = (PeerEndpoint) plane.openEndpoint(context);
    private final BandwidthAllocator allocator = new BandwidthAllocator(() -> -1);

    @AfterEach
    void close() {
        subscriber.close();
        plane.close();
    }

    @Test
    void withoutAnEstimateNothingIsCapped() {
        Subscription video = subscribe(simulcast(), "h");
        allocator.allocate(-1, NEGOTIABLE);
        assertEquals(Integer.MAX_VALUE, video.allowedQuality());
        assertEquals("h", video.desiredLayer().rid);
    }

    @Test
    void theTargetIsKeptWhenItFitsAndNeverExceeded() {
        Subscription video = subscribe(simulcast(), "m");
        allocator.allocate(10_000_000, NEGOTIABLE);
        assertEquals("m", video.desiredLayer().rid);
        video.setTarget("l");
        allocator.allocate(10_000_000, NEGOTIABLE);
        assertEquals("l", video.desiredLayer().rid);
    }

    @Test
    void stepsDownOneLayerARoundWithLowBandwidthAndUpAtOnceWhenItFitsAgain() {
        Subscription video = subscribe(simulcast(), "h");
        allocator.allocate(L + 1, NEGOTIABLE);
        assertEquals("m", video.desiredLayer().rid);
        allocator.allocate(L + 1, NEGOTIABLE);
        assertEquals("l", video.desiredLayer().rid);
        allocator.allocate(L + 1, NEGOTIABLE);
        assertEquals("l", video.desiredLayer().rid); // the floor: video is never dropped
        assertEquals("low_bandwidth", video.switchReason(layer(video, "m"), layer(video, "l")));

        allocator.allocate(H + 1, NEGOTIABLE);
        assertEquals("h", video.desiredLayer().rid);
        assertEquals("other", video.switchReason(layer(video, "l"), layer(video, "h")));
    }

    @Test
    void audioIsReservedFirst() {
        Subscription audio = subscribe(audio(), null);
        Subscription video = subscribe(simulcast(), "m");
        allocator.allocate(AUDIO + M, NEGOTIABLE);
        assertEquals("m", video.desiredLayer().rid);
        allocator.allocate(AUDIO + M - 1, NEGOTIABLE);
        assertEquals("l", video.desiredLayer().rid);
        assertEquals("h", audio.desiredLayer().rid); // audio is never capped
    }

    @Test
    void aNonSimulcastVideoIsReservedItsBitrateAndNeverCapped() {
        InboundTrack camera = new InboundTrack("camera", "alice", MediaKind.VIDEO, "null", "0", "s", VP8, List.of(),
                List.of(), null);
        camera.setBitrates(new ObjectMapper().valueToTree(1_000_000));
        Subscription plain = subscribe(camera, null);
        Subscription video = subscribe(simulcast(), "m");
        allocator.allocate(1_100_000 + M, NEGOTIABLE);
        assertEquals("m", video.desiredLayer().rid);
        allocator.allocate(1_100_000 + M - 1, NEGOTIABLE);
        assertEquals("l", video.desiredLayer().rid);
        assertEquals(Integer.MAX_VALUE, plain.allowedQuality());
    }

    @Test
    void layersAreUpgradedOneStepAtATimeInSubscriptionOrder() {
        Subscription first = subscribe(simulcast(), "h");
        Subscription second = subscribe(simulcast(), "h");
        // Both floors (2 × l), then both to m, then what is left is not enough for h.
        allocator.allocate(2 * M + 100_000, NEGOTIABLE);
        allocator.allocate(2 * M + 100_000, NEGOTIABLE);
        assertEquals("m", first.desiredLayer().rid);
        assertEquals("m", second.desiredLayer().rid);
        allocator.allocate(H + M, NEGOTIABLE);
        assertEquals("h", first.desiredLayer().rid);
        assertEquals("m", second.desiredLayer().rid);
    }

    @Test
    void publisherBitratesChangeTheCosts() {
        InboundTrack track = simulcast();
        track.setBitrates(new ObjectMapper().createObjectNode().put("l", 100_000).put("m", 200_000));
        Subscription video = subscribe(track, "m");
        allocator.allocate(220_000, NEGOTIABLE);
        assertEquals("m", video.desiredLayer().rid);
    }

    @Test
    void aTrackIsLeftAloneForItsFirst500Ms() {
        Subscription video = subscribe(simulcast(), "h");
        allocator.allocate(L, NEGOTIABLE - 1);
        assertEquals("h", video.desiredLayer().rid);
    }

    @Test
    void inactiveLayersAreSkippedAndReportedAsSuch() {
        InboundTrack track = simulcast();
        Subscription video = subscribe(track, "h");
        LayerActivity high = layer(video, "h").activity;
        long now = NEGOTIABLE;
        high.check(now);
        high.check(now + LayerActivity.CHECK_INTERVAL_NANOS); // no packet for a second
        assertEquals("m", video.desiredLayer().rid);
        assertEquals("encoding_inactive", video.switchReason(layer(video, "h"), layer(video, "m")));
        allocator.allocate(M, now);
        assertEquals("m", video.desiredLayer().rid);
    }

    @Test
    void probesFillTheUnallocatedEstimateOnAForwardingVideoAtMost30AFrame() {
        InboundTrack track = simulcast();
        Subscription video = subscribe(track, "m");
        allocator.allocate(L + 300_000, NEGOTIABLE); // m does not fit: l, and 300 kbps to probe with
        assertEquals(0, allocator.takeProbes(video)); // not forwarding yet: nobody carries probes
        forwardKeyframe(track, track.layer("l"));
        allocator.allocate(L + 300_000, NEGOTIABLE);
        int expected = (int) Math.ceil(300_000.0 * BandwidthAllocator.TICK_MILLIS / 1000 / BandwidthAllocator.PROBE_BITS);
        assertTrue(expected > 0);
        int taken = 0;
        for (int probes; (probes = allocator.takeProbes(video)) > 0; ) {
            assertTrue(probes <= BandwidthAllocator.MAX_PROBES_PER_FLUSH);
            taken += probes;
        }
        assertEquals(expected, taken);

        allocator.allocate(L + M, NEGOTIABLE); // everything fits: nothing to probe for
        assertEquals(0, allocator.takeProbes(video));
    }

    private Subscription subscribe(InboundTrack track, String target) {
        Subscription subscription = new Subscription(track, subscriber, track.video() ? 1234 : 5678, 96,
                new SrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[16], new byte[14], new byte[16],
                        new byte[14]), allocator, START);
        if (target != null) {
            subscription.setTarget(target);
        }
        track.attach(subscription);
        allocator.add(subscription);
        return subscription;
    }

    /** A simulcast track whose three layers have started flowing. */
    private static InboundTrack simulcast() {
        InboundTrack track = new InboundTrack("video", "alice", MediaKind.VIDEO, "null", "1", "s", VP8, List.of(),
                List.of("l", "m", "h"), null);
        track.layers.forEach(layer -> layer.activity.onPacket(START));
        return track;
    }

    private static InboundTrack audio() {
        return new InboundTrack("audio", "alice", MediaKind.AUDIO, "null", "0", "s", OPUS, List.of(), List.of(), null);
    }

    private static InboundTrack.Layer layer(Subscription subscription, String rid) {
        return subscription.track.layer(rid);
    }

    /** One single-packet VP8 keyframe (S=1, P=0) with the marker bit, from {@code layer}. */
    private static void forwardKeyframe(InboundTrack track, InboundTrack.Layer layer) {
        byte[] bytes = {(byte) 0x80, (byte) 0xE0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 7, 0x10, 0x00, 0x01, 0x02};
        RtpPacket packet = new RtpPacket();
        assertTrue(packet.wrap(bytes, 0, bytes.length));
        track.onPacket(layer, packet, NEGOTIABLE);
    }
}
