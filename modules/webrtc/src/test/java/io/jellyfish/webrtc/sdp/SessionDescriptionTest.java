package io.jellyfish.webrtc.sdp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SessionDescriptionTest {

    @Test
    void parsesAChromiumPublisherOffer() {
        SessionDescription offer = Offers.parse(Offers.PUBLISHER);
        assertEquals(List.of("0", "1"), offer.bundleMids());
        assertEquals(Optional.of(""), offer.attribute("extmap-allow-mixed"));
        assertEquals(2, offer.media().size());

        MediaSection audio = offer.media().get(0);
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertEquals(9, audio.port());
        assertEquals("UDP/TLS/RTP/SAVPF", audio.proto());
        assertEquals(List.of(111, 63, 9, 0, 8, 13, 110, 126), audio.payloadTypes());
        assertEquals(Optional.of("0"), audio.mid());
        assertEquals(Direction.SENDONLY, audio.direction());
        assertEquals(Optional.of("g7Hk"), audio.iceUfrag());
        assertEquals(Optional.of("QmV1xYz0aBcD3eFgH5iJkL7m"), audio.icePwd());
        assertEquals("sha-256", audio.fingerprint().orElseThrow().algorithm());
        assertTrue(audio.fingerprint().orElseThrow().value().startsWith("9A:3F:0C:"));
        assertEquals(Optional.of("actpass"), audio.setup());
        assertEquals(new Msid("5d1f8c02-3b7a-4c6e-9f1d-2a8b7c6d5e4f", "0a1b2c3d-aaaa-4bbb-8ccc-111122223333"),
                audio.msid().orElseThrow());
        assertEquals(new RtpMap(111, "opus", 48000, 2), audio.rtpMap(111).orElseThrow());
        assertEquals(new RtpMap(9, "G722", 8000, 0), audio.rtpMap(9).orElseThrow());
        Fmtp opus = audio.fmtp(111).orElseThrow();
        assertEquals("minptime=10;useinbandfec=1", opus.raw());
        assertEquals(List.of("minptime", "useinbandfec"), List.copyOf(opus.parameters().keySet()));
        assertEquals(List.of("transport-cc"), audio.rtcpFeedback(111));
        assertEquals(List.of(1, 2, 3, 4), audio.extMaps().stream().map(ExtMap::id).toList());
        assertEquals(HeaderExtensions.AUDIO_LEVEL, audio.extMaps().getFirst().uri());
        assertEquals(Map.of("cname", "Zq3pLx8dR2vT6yWb",
                        "msid", "5d1f8c02-3b7a-4c6e-9f1d-2a8b7c6d5e4f 0a1b2c3d-aaaa-4bbb-8ccc-111122223333"),
                audio.ssrcs().get(1111111111L));
        assertTrue(audio.rtcpMux());
        assertTrue(audio.rtcpRsize());

        MediaSection video = offer.media().get(1);
        assertEquals(MediaKind.VIDEO, video.kind());
        assertEquals(96, video.payloadTypes().getFirst());
        assertEquals(23, video.payloadTypes().size());
        assertEquals(List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"), video.rtcpFeedback(96));
        assertEquals("apt=96", video.fmtp(97).orElseThrow().raw());
        assertEquals(Optional.of("42e01f"), video.fmtp(106).orElseThrow().parameter("profile-level-id"));
        assertEquals(List.of(14, 2, 13, 3, 5, 6, 7, 8, 4, 10, 11), video.extMaps().stream().map(ExtMap::id).toList());
        assertEquals(List.of(new SsrcGroup("FID", List.of(2222222222L, 3333333333L))), video.ssrcGroups());
        assertEquals(List.of(2222222222L, 3333333333L), List.copyOf(video.ssrcs().keySet()));
        assertTrue(video.rids().isEmpty());
        assertTrue(video.simulcast().isEmpty());
    }

    @Test
    void parsesACrlfSubscriberOffer() {
        String text = Offers.text(Offers.SUBSCRIBER);
        assertTrue(text.contains("\r\n"));
        SessionDescription offer = SessionDescription.parse(text);
        assertEquals(List.of(Direction.RECVONLY, Direction.RECVONLY), offer.media().stream().map(MediaSection::direction).toList());
        assertTrue(offer.media().getFirst().ssrcs().isEmpty());
        assertTrue(offer.media().getFirst().msid().isEmpty());
        assertEquals(Optional.of("Rb2Q"), offer.media().get(1).iceUfrag());
    }

    @Test
    void parsesSimulcastRidsAndPausedLayers() {
        MediaSection video = Offers.parse(Offers.SIMULCAST).media().get(1);
        assertEquals(List.of(new Rid("l", "send", ""), new Rid("m", "send", ""), new Rid("h", "send", "")), video.rids());
        Simulcast simulcast = video.simulcast().orElseThrow();
        assertEquals(List.of("l", "m", "h"), simulcast.send());
        assertEquals(List.of(), simulcast.receive());
        assertEquals(List.of("l"), simulcast.paused());
        assertTrue(video.ssrcs().isEmpty());
    }

    @Test
    void sessionLevelCredentialsFillInForMediaSections() {
        SessionDescription sdp = SessionDescription.parse("""
                v=0
                o=- 1 2 IN IP4 127.0.0.1
                s=-
                t=0 0
                a=ice-ufrag:sess
                a=ice-pwd:sessionpassword
                a=fingerprint:sha-256 AA:BB
                a=setup:actpass
                m=audio 9 UDP/TLS/RTP/SAVPF 111
                a=mid:0
                a=ice-ufrag:media
                a=rtpmap:111 opus/48000/2
                a=extmap:1/sendonly urn:ietf:params:rtp-hdrext:ssrc-audio-level some-attribute
                a=rtcp-fb:* nack
                a=x-unknown-attribute:whatever
                x=unknown line type
                """);
        MediaSection audio = sdp.media().getFirst();
        assertEquals(Optional.of("media"), audio.iceUfrag());
        assertEquals(Optional.of("sessionpassword"), audio.icePwd());
        assertEquals(new Fingerprint("sha-256", "AA:BB"), audio.fingerprint().orElseThrow());
        assertEquals(Optional.of("actpass"), audio.setup());
        assertEquals(Direction.SENDRECV, audio.direction());
        assertEquals(new ExtMap(1, Optional.of(Direction.SENDONLY), HeaderExtensions.AUDIO_LEVEL, "some-attribute"),
                audio.extMaps().getFirst());
        assertEquals(List.of("nack"), audio.rtcpFeedback(111));
        assertEquals(Optional.of("whatever"), audio.attribute("x-unknown-attribute"));
    }

    @Test
    void keepsNonRtpFormatsOfADataChannelSection() {
        MediaSection app = SessionDescription.parse("""
                v=0
                m=application 9 UDP/DTLS/SCTP webrtc-datachannel
                a=mid:2
                """).media().getFirst();
        assertEquals(MediaKind.APPLICATION, app.kind());
        assertEquals(List.of("webrtc-datachannel"), app.formats());
        assertTrue(app.payloadTypes().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "\n\n",
            "hello",
            "v=1\n",
            "o=- 1 2 IN IP4 127.0.0.1\nv=0\n",
            "v=0\nnot a line\n",
            "v=0\nA=uppercase type\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF\n",
            "v=0\nm=audio x UDP/TLS/RTP/SAVPF 111\n",
            "v=0\nm=audio 70000 UDP/TLS/RTP/SAVPF 111\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF abc\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 128\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=rtpmap:111\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=rtpmap:111 opus\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=rtpmap:111 opus/fast\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=rtpmap:99999999999999999999 opus/48000\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=fmtp:111\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=rtcp-fb:x nack\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=extmap:0 urn:x\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=extmap:256 urn:x\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=extmap:1/sideways urn:x\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=extmap:1\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=ssrc:4294967296 cname:x\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=ssrc:-1 cname:x\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=ssrc-group:FID\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=rid:l sideways\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=simulcast:send\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=simulcast:both l;m\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=simulcast:send ~;m\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=fingerprint:sha-256\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=msid:\n",
            "v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=msid:a b c\n",
    })
    void malformedSdpIsAParseException(String sdp) {
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(sdp));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void nullAndOversizedInputAreRefusedUpFront() {
        assertThrows(SdpParseException.class, () -> SessionDescription.parse(null));
        String huge = "v=0\n" + "a=x\n".repeat(SessionDescription.MAX_LENGTH / 4);
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(huge));
        assertTrue(e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void mutatedOffersEitherParseOrFailWithAParseException() {
        String offer = Offers.text(Offers.PUBLISHER);
        Random random = new Random(42);
        String alphabet = " :/=;~\n\r-0123456789abcdefv";
        for (int i = 0; i < 3000; i++) {
            StringBuilder mutated = new StringBuilder(offer.substring(0, random.nextInt(offer.length() + 1)));
            for (int m = random.nextInt(8); m > 0 && !mutated.isEmpty(); m--) {
                mutated.setCharAt(random.nextInt(mutated.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                SessionDescription.parse(mutated.toString());
            } catch (SdpParseException expected) {
                // the only acceptable failure
            } catch (RuntimeException e) {
                fail("mutation " + i + " threw " + e, e);
            }
        }
    }
}
