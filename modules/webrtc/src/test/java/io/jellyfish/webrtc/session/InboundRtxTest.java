package io.jellyfish.webrtc.session;

import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.sdp.AnswerBuilder;
import io.jellyfish.webrtc.sdp.CodecChoice;
import io.jellyfish.webrtc.sdp.HeaderExtensions;
import io.jellyfish.webrtc.sdp.MediaAnswer;
import io.jellyfish.webrtc.sdp.MediaKind;
import io.jellyfish.webrtc.sdp.SectionRole;
import io.jellyfish.webrtc.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RTX learning and merging against the answers the plane really gives Chromium's offers. */
class InboundRtxTest {

    private static final int MID_ID = 4;
    private static final int REPAIRED_RID_ID = 11;

    private final WebRtcPlane plane = new WebRtcPlane(
            new JellyfishConfig.WebRtc(true, "127.0.0.1", "127.0.0.1", 50_000, 50_200, Optional.empty()));
    private final RtpPacket view = new RtpPacket();

    @AfterEach
    void closePlane() {
        plane.close();
    }

    @Test
    void answersRtxAndRepairedRidOnClientSendingLines() {
        MediaAnswer video = publishedVideo("simulcast-offer.sdp", true);
        assertEquals(97, video.codec().flatMap(CodecChoice::rtx).orElseThrow().codec().payloadType());
        assertTrue(HeaderExtensions.id(video.extensions(), HeaderExtensions.REPAIRED_RTP_STREAM_ID).isPresent());
    }

    @Test
    void mergesTheFidSignalledRtxStreamIntoItsMediaStream() {
        MediaAnswer video = publishedVideo("publisher-offer.sdp", false);
        InboundTrack track = track(video);
        track.layers.getFirst().ssrc = 2222222222L; // as PeerEndpoint.bindInbound learns it
        InboundRtx rtx = new InboundRtx(8);
        rtx.bind(track, video);

        wrap(rtxPacket(3333333333L, 97, 7, null, null, 500));
        InboundRtx.Stream stream = rtx.unwrap(view);

        assertNotNull(stream);
        assertSame(track.layers.getFirst(), stream.layer());
        assertEquals(2222222222L, view.ssrc());
        assertEquals(96, view.payloadType());
        assertEquals(500, view.sequenceNumber());
        assertEquals(3, view.payloadLength());

        wrap(rtxPacket(2222222222L, 96, 501, null, null, -1));
        assertNull(rtx.unwrap(view), "the media stream itself is not RTX");

        rtx.unbind(track);
        wrap(rtxPacket(3333333333L, 97, 8, null, null, 501));
        assertNull(rtx.unwrap(view));
    }

    @Test
    void learnsSimulcastRtxStreamsFromMidAndRepairedRid() {
        MediaAnswer video = publishedVideo("simulcast-offer.sdp", true);
        InboundTrack track = track(video);
        InboundTrack.Layer medium = track.layer("m");
        medium.ssrc = 0x1000;
        InboundRtx rtx = new InboundRtx(2);
        rtx.bind(track, video);

        wrap(rtxPacket(0x2000, 97, 1, "1", "m", 77));
        assertSame(medium, rtx.unwrap(view).layer());
        assertEquals(0x1000, view.ssrc());
        assertEquals(77, view.sequenceNumber());
        // Later packets of that SSRC no longer need the extensions.
        wrap(rtxPacket(0x2000, 97, 2, null, null, 78));
        assertSame(medium, rtx.unwrap(view).layer());

        wrap(rtxPacket(0x3000, 97, 1, "1", "h", 5));
        assertNull(rtx.unwrap(view), "the high layer's media SSRC is not known yet");
        wrap(rtxPacket(0x4000, 97, 1, "0", "l", 5));
        assertNull(rtx.unwrap(view), "another m-line");
        wrap(rtxPacket(0x4000, 96, 1, "1", "l", 5));
        assertNull(rtx.unwrap(view), "not the RTX payload type");

        track.layer("l").ssrc = 0x1001;
        wrap(rtxPacket(0x5000, 97, 1, "1", "l", 5));
        assertNull(rtx.unwrap(view), "the peer's RTX streams are bounded (h was learnt, media unknown)");
    }

    @Test
    void dropsPaddingOnlyProbesOfAKnownRtxStream() {
        MediaAnswer video = publishedVideo("publisher-offer.sdp", false);
        InboundTrack track = track(video);
        track.layers.getFirst().ssrc = 2222222222L;
        InboundRtx rtx = new InboundRtx(8);
        rtx.bind(track, video);

        // P=1, PT 97, SSRC 3333333333, an empty payload and 4 bytes of padding.
        wrap(HexFormat.of().parseHex("a0610009" + "00000001" + "c6aea155" + "00000004"));
        assertNull(rtx.unwrap(view));
        assertEquals(3333333333L, view.ssrc());
    }

    private MediaAnswer publishedVideo(String offerFile, boolean simulcast) {
        SessionDescription offer = SessionDescription.parse(resource(offerFile));
        AnswerBuilder.Answer answer = new AnswerBuilder("ufrag", "password0123456789abcd", "AA:BB")
                .answer(offer, Map.of("0", new SectionRole.Publish("stream", simulcast),
                        "1", new SectionRole.Publish("stream", simulcast)), plane.policy(null));
        return answer.sections().stream().filter(s -> s.offer().kind() == MediaKind.VIDEO).findFirst().orElseThrow();
    }

    private static InboundTrack track(MediaAnswer video) {
        return new InboundTrack("track", "peer", MediaKind.VIDEO, "null", "1", "stream", video.codec().orElseThrow(),
                video.extensions(), video.receiveRids(), null);
    }

    private void wrap(byte[] bytes) {
        assertTrue(view.wrap(bytes, 0, bytes.length));
    }

    /** A VP8-sized RTP packet; with {@code osn >= 0} an RTX one carrying 3 media bytes. */
    private static byte[] rtxPacket(long ssrc, int payloadType, int sequenceNumber, String mid, String repairedRid, int osn) {
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        if (mid != null) {
            extensions.write(MID_ID << 4 | (mid.length() - 1));
            extensions.writeBytes(mid.getBytes(StandardCharsets.US_ASCII));
            extensions.write(REPAIRED_RID_ID << 4 | (repairedRid.length() - 1));
            extensions.writeBytes(repairedRid.getBytes(StandardCharsets.US_ASCII));
        }
        while (extensions.size() % 4 != 0) {
            extensions.write(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(mid != null ? 0x90 : 0x80);
        out.write(payloadType);
        out.write(sequenceNumber >>> 8);
        out.write(sequenceNumber);
        out.writeBytes(new byte[] {0, 0, 0, 1});
        out.writeBytes(new byte[] {(byte) (ssrc >>> 24), (byte) (ssrc >>> 16), (byte) (ssrc >>> 8), (byte) ssrc});
        if (mid != null) {
            out.writeBytes(new byte[] {(byte) 0xBE, (byte) 0xDE, 0, (byte) (extensions.size() / 4)});
            out.writeBytes(extensions.toByteArray());
        }
        if (osn >= 0) {
            out.write(osn >>> 8);
            out.write(osn);
        }
        out.writeBytes(new byte[] {0x10, 0x20, 0x30});
        return out.toByteArray();
    }

    private static String resource(String name) {
        try (InputStream in = InboundRtxTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
