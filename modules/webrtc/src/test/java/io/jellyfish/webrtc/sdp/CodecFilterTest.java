package io.jellyfish.webrtc.sdp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecFilterTest {

    private final SessionDescription publisher = Offers.parse(Offers.PUBLISHER);
    private final MediaSection audio = publisher.media().get(0);
    private final MediaSection video = publisher.media().get(1);

    @Test
    void defaultFilterTakesOpusAndVp8WithItsRtx() {
        CodecFilter filter = CodecFilter.forVideoCodec(null);
        assertEquals(111, filter.select(audio).orElseThrow().payloadType());
        assertTrue(filter.select(audio).orElseThrow().rtx().isEmpty());
        CodecChoice vp8 = filter.select(video).orElseThrow();
        assertEquals(new RtpMap(96, "VP8", 90000, 0), vp8.codec());
        assertEquals(97, vp8.rtx().orElseThrow().codec().payloadType());
        assertTrue(vp8.fmtp().isEmpty());
    }

    @Test
    void vp8FilterMatchesTheDefaultForChromium() {
        CodecFilter filter = CodecFilter.forVideoCodec("VP8");
        assertEquals(111, filter.select(audio).orElseThrow().payloadType());
        assertEquals(96, filter.select(video).orElseThrow().payloadType());
    }

    @Test
    void h264FilterTakesConstrainedBaselineWithPacketizationMode1() {
        CodecFilter filter = CodecFilter.forVideoCodec("h264");
        assertEquals(111, filter.select(audio).orElseThrow().payloadType());
        CodecChoice h264 = filter.select(video).orElseThrow();
        assertEquals(106, h264.payloadType());
        assertEquals(Optional.of("42e01f"), h264.fmtp().orElseThrow().parameter("profile-level-id"));
        assertEquals(107, h264.rtx().orElseThrow().codec().payloadType());
    }

    @Test
    void packetizationMode0YieldsToALaterMode1() {
        MediaSection offer = Offers.video("sendonly", "108 106",
                "a=rtpmap:108 H264/90000",
                "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f",
                "a=rtpmap:106 H264/90000",
                "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
        assertEquals(106, CodecFilter.forVideoCodec("h264").select(offer).orElseThrow().payloadType());
    }

    @Test
    void packetizationMode0IsTakenWhenItIsAllThereIs() {
        MediaSection offer = Offers.video("sendonly", "108 127",
                "a=rtpmap:108 H264/90000",
                "a=fmtp:108 packetization-mode=0;profile-level-id=42e01f",
                "a=rtpmap:127 H264/90000",
                "a=fmtp:127 packetization-mode=1;profile-level-id=4d001f");
        assertEquals(108, CodecFilter.forVideoCodec("h264").select(offer).orElseThrow().payloadType());
    }

    @Test
    void noAcceptableCodecIsEmpty() {
        MediaSection vp9Only = Offers.video("sendonly", "98 99",
                "a=rtpmap:98 VP9/90000", "a=rtpmap:99 rtx/90000", "a=fmtp:99 apt=98");
        assertTrue(CodecFilter.forVideoCodec("h264").select(vp9Only).isEmpty());
        assertTrue(CodecFilter.forVideoCodec("vp8").select(vp9Only).isEmpty());
        assertTrue(CodecFilter.forVideoCodec(null).select(vp9Only).isEmpty());
        MediaSection h264WithoutProfile = Offers.video("sendonly", "102", "a=rtpmap:102 H264/90000");
        assertTrue(CodecFilter.forVideoCodec("h264").select(h264WithoutProfile).isEmpty());
    }

    @Test
    void defaultFilterSkipsCodecsTheServerCannotForward() {
        MediaSection offer = Offers.video("sendonly", "112 98 96",
                "a=rtpmap:112 red/90000", "a=rtpmap:98 VP9/90000", "a=rtpmap:96 VP8/90000");
        assertEquals(96, CodecFilter.forVideoCodec(null).select(offer).orElseThrow().payloadType());
    }

    @ParameterizedTest
    @CsvSource({
            "42e01f, true", "42E01F, true", "42c01f, true", "4d801f, true", "58c01f, true",
            "42001f, false", "4d001f, false", "640c1f, false", "64001f, false", "f4001f, false",
            "42e0, false", "42e01fff, false", "zze01f, false", "42e0zz, false",
    })
    void constrainedBaselineFollowsRfc6184Table5(String profileLevelId, boolean expected) {
        assertEquals(expected, CodecFilter.isConstrainedBaseline(profileLevelId));
    }

    @Test
    void subscriberMatchingIsByNameAndPrefersTheSamePacketizationMode() {
        CodecChoice published = CodecFilter.forVideoCodec("h264").select(video).orElseThrow();
        MediaSection subscriber = Offers.video("recvonly", "96 120 122 124",
                "a=rtpmap:96 VP8/90000",
                "a=rtpmap:120 H264/90000",
                "a=fmtp:120 packetization-mode=0;profile-level-id=42e01f",
                "a=rtpmap:122 H264/90000",
                "a=fmtp:122 packetization-mode=1;profile-level-id=4d001f",
                "a=rtpmap:124 H264/90000",
                "a=fmtp:124 packetization-mode=1;profile-level-id=42e01f");
        assertEquals(124, CodecFilter.matchForSubscriber(subscriber, published).orElseThrow().payloadType());

        CodecChoice vp8 = CodecFilter.forVideoCodec(null).select(video).orElseThrow();
        assertEquals(96, CodecFilter.matchForSubscriber(subscriber, vp8).orElseThrow().payloadType());
        MediaSection noVp8 = Offers.video("recvonly", "98", "a=rtpmap:98 VP9/90000");
        assertTrue(CodecFilter.matchForSubscriber(noVp8, vp8).isEmpty());
    }

    @Test
    void unknownVideoCodecOptionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CodecFilter.forVideoCodec("av1"));
    }
}
