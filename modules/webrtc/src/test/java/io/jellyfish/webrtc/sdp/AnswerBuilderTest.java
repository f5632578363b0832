package io.jellyfish.webrtc.sdp;

import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerBuilderTest {

    private static final String STREAM = "5d1f8c02-3b7a-4c6e-9f1d-2a8b7c6d5e4f";
    private static final String TCC = HeaderExtensions.TRANSPORT_CC;

    private final Iterator<UUID> uuids = List.of(
            UUID.fromString("3b9e5a61-7c2d-4e8f-a1b0-5d6c7e8f9a01"),
            UUID.fromString("c4d5e6f7-0a1b-4c2d-8e3f-9a0b1c2d3e4f")).iterator();
    private final AnswerBuilder builder = new AnswerBuilder("Xy7Q", "V0c9mX1qTz7bA2kL8rD4sF",
            new Fingerprint("sha-256", "5E:0B:C4"), () -> 4611731400430051336L, uuids::next);

    private static String crlf(String lines) {
        return lines.replace("\n", "\r\n");
    }

    private static final String SESSION = """
            v=0
            o=- 4611731400430051336 0 IN IP4 127.0.0.1
            s=-
            t=0 0
            a=group:BUNDLE 0 1
            a=extmap-allow-mixed
            a=ice-lite
            """;

    private static String sectionHead(String kind, String formats, String direction, String mid) {
        return "m=" + kind + " 9 UDP/TLS/RTP/SAVPF " + formats + "\n"
                + "c=IN IP4 0.0.0.0\n"
                + "a=" + direction + "\n"
                + "a=ice-ufrag:Xy7Q\n"
                + "a=ice-pwd:V0c9mX1qTz7bA2kL8rD4sF\n"
                + "a=ice-options:trickle\n"
                + "a=fingerprint:sha-256 5E:0B:C4\n"
                + "a=setup:passive\n"
                + "a=mid:" + mid + "\n";
    }

    private static final String AUDIO_CODEC_AND_EXTENSIONS = """
            a=rtpmap:111 opus/48000/2
            a=fmtp:111 minptime=10;useinbandfec=1
            a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on
            a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
            a=rtcp-fb:111 transport-cc
            a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
            """;

    private static final String VIDEO_EXTENSIONS_AND_FEEDBACK = """
            a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
            a=rtcp-fb:96 transport-cc
            a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
            a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
            a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
            a=rtcp-fb:96 ccm fir
            a=rtcp-fb:96 nack
            a=rtcp-fb:96 nack pli
            a=rtcp-rsize
            """;

    private AnswerBuilder.Answer publisherAnswer(String resource, boolean simulcast, String videoCodec) {
        return publisherAnswer(Offers.parse(resource), simulcast, videoCodec);
    }

    private AnswerBuilder.Answer publisherAnswer(SessionDescription offer, boolean simulcast, String videoCodec) {
        return builder.answer(offer, Map.of(
                        "0", new SectionRole.Publish(STREAM, simulcast),
                        "1", new SectionRole.Publish(STREAM, simulcast)),
                AnswerBuilder.Policy.jellyfish(videoCodec));
    }

    @Test
    void publisherAnswerFollows311LineByLine() {
        String expected = crlf(SESSION
                + sectionHead("audio", "111", "recvonly", "0")
                + "a=msid:" + STREAM + " 3b9e5a61-7c2d-4e8f-a1b0-5d6c7e8f9a01\n"
                + "a=rtcp-mux\n"
                + AUDIO_CODEC_AND_EXTENSIONS
                + sectionHead("video", "96 97", "recvonly", "1")
                + "a=msid:" + STREAM + " c4d5e6f7-0a1b-4c2d-8e3f-9a0b1c2d3e4f\n"
                + "a=rtcp-mux\n"
                + "a=rtpmap:96 VP8/90000\n"
                + "a=rtpmap:97 rtx/90000\n"
                + "a=fmtp:97 apt=96\n"
                + VIDEO_EXTENSIONS_AND_FEEDBACK);
        AnswerBuilder.Answer answer = publisherAnswer(Offers.PUBLISHER, true, null);
        assertLines(expected, answer.sdp());

        MediaAnswer video = answer.sections().get(1);
        assertEquals(Direction.RECVONLY, video.direction());
        assertEquals(96, video.codec().orElseThrow().payloadType());
        assertEquals(OptionalInt.of(4), HeaderExtensions.id(video.extensions(), HeaderExtensions.MID));
        assertTrue(HeaderExtensions.id(video.extensions(), HeaderExtensions.AUDIO_LEVEL).isEmpty());
    }

    @Test
    void subscriberAnswerMatchesThe311Example() {
        // What the publisher negotiated, as a peer session would remember it.
        AnswerBuilder.Answer published = new AnswerBuilder("a", "b", "C").answer(Offers.parse(Offers.PUBLISHER),
                Map.of("0", new SectionRole.Publish(STREAM, true), "1", new SectionRole.Publish(STREAM, true)),
                AnswerBuilder.Policy.jellyfish(null));
        MediaAnswer audioTrack = published.sections().get(0);
        MediaAnswer videoTrack = published.sections().get(1);
        String audioStream = "0f3c7f3e-8d4b-4f44-9b8e-0c1e9a0f9d21";
        String videoStream = "6b1d0a52-3c0e-4d5c-a0f8-1f6a3b2e7c90";
        Map<String, SectionRole> roles = Map.of(
                "0", new SectionRole.Subscribe("7c1:9a2b", MediaKind.AUDIO, audioStream, audioTrack.codec().orElseThrow(),
                        uris(audioTrack), 3049126874L),
                "1", new SectionRole.Subscribe("7c1:5f0e", MediaKind.VIDEO, videoStream, videoTrack.codec().orElseThrow(),
                        uris(videoTrack), 2946210311L));

        String expected = crlf(SESSION
                + sectionHead("audio", "111", "sendonly", "0")
                + "a=msid:" + audioStream + " 3b9e5a61-7c2d-4e8f-a1b0-5d6c7e8f9a01\n"
                + "a=rtcp-mux\n"
                + AUDIO_CODEC_AND_EXTENSIONS
                + "a=ssrc:3049126874 cname:7c1:9a2b-audio-" + audioStream + "\n"
                + sectionHead("video", "96", "sendonly", "1")
                + "a=msid:" + videoStream + " c4d5e6f7-0a1b-4c2d-8e3f-9a0b1c2d3e4f\n"
                + "a=rtcp-mux\n"
                + "a=rtpmap:96 VP8/90000\n"
                + VIDEO_EXTENSIONS_AND_FEEDBACK
                + "a=ssrc:2946210311 cname:7c1:5f0e-video-" + videoStream + "\n");
        AnswerBuilder.Answer answer = builder.answer(Offers.parse(Offers.SUBSCRIBER), roles, AnswerBuilder.Policy.jellyfish(null));
        assertLines(expected, answer.sdp());
        assertEquals(2946210311L, answer.sections().get(1).ssrc().getAsLong());
    }

    @Test
    void subscriberExtensionsAreLimitedToThePublishersOnes() {
        CodecChoice opus = CodecFilter.forVideoCodec(null).select(Offers.parse(Offers.PUBLISHER).media().get(0)).orElseThrow();
        AnswerBuilder.Answer answer = builder.answer(Offers.parse(Offers.SUBSCRIBER),
                Map.of("0", new SectionRole.Subscribe("t", MediaKind.AUDIO, "s", opus, Set.of(HeaderExtensions.MID), 1L)),
                AnswerBuilder.Policy.jellyfish(null));
        List<String> audio = section(answer.sdp(), 0);
        assertEquals(List.of("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid"),
                audio.stream().filter(l -> l.startsWith("a=extmap") || l.startsWith("a=rtcp-fb")).toList());
    }

    @Test
    void simulcastPublisherGetsRidAndSimulcastRecvLines() {
        AnswerBuilder.Answer answer = publisherAnswer(Offers.SIMULCAST, true, null);
        List<String> video = section(answer.sdp(), 1);
        assertEquals("m=video 9 UDP/TLS/RTP/SAVPF 96 97", video.getFirst());
        assertEquals(List.of("a=rtcp-rsize", "a=rid:l recv", "a=rid:m recv", "a=rid:h recv", "a=simulcast:recv l;m;h"),
                video.subList(video.size() - 5, video.size()));
        assertEquals(List.of("l", "m", "h"), answer.sections().get(1).receiveRids());
        assertFalse(answer.sdp().contains("~"));
    }

    @Test
    void simulcastDisabledAnswersWithoutRids() {
        AnswerBuilder.Answer answer = publisherAnswer(Offers.SIMULCAST, false, null);
        assertEquals(Direction.RECVONLY, answer.sections().get(1).direction());
        assertFalse(answer.sdp().contains("a=rid"));
        assertFalse(answer.sdp().contains("a=simulcast"));
    }

    @Test
    void anUnsupportedRidDisablesTheTrack() {
        String offer = Offers.text(Offers.SIMULCAST).replace("a=rid:h send", "a=rid:q send").replace("~l;m;h", "~l;m;q");
        AnswerBuilder.Answer answer = builder.answer(SessionDescription.parse(offer),
                Map.of("1", new SectionRole.Publish(STREAM, true)), AnswerBuilder.Policy.jellyfish(null));
        assertEquals(Direction.INACTIVE, answer.sections().get(1).direction());
        assertTrue(section(answer.sdp(), 1).contains("a=inactive"));
    }

    @Test
    void h264RoomAnswersTheConstrainedBaselinePayloadType() {
        List<String> video = section(publisherAnswer(Offers.PUBLISHER, true, "h264").sdp(), 1);
        assertEquals("m=video 9 UDP/TLS/RTP/SAVPF 106 107", video.getFirst());
        int rtpmap = video.indexOf("a=rtpmap:106 H264/90000");
        assertEquals(List.of("a=rtpmap:106 H264/90000",
                "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                "a=rtpmap:107 rtx/90000",
                "a=fmtp:107 apt=106"), video.subList(rtpmap, rtpmap + 4));
        assertTrue(video.contains("a=rtcp-fb:106 nack pli"));
    }

    @Test
    void inboundRtxCanBeLeftOut() {
        AnswerBuilder.Answer answer = builder.answer(Offers.parse(Offers.PUBLISHER),
                Map.of("1", new SectionRole.Publish(STREAM, true)),
                new AnswerBuilder.Policy(CodecFilter.forVideoCodec(null), HeaderExtensions.JELLYFISH, false));
        List<String> video = section(answer.sdp(), 1);
        assertEquals("m=video 9 UDP/TLS/RTP/SAVPF 96", video.getFirst());
        assertFalse(answer.sdp().contains("rtx"));
    }

    @Test
    void removedTrackKeepsItsPayloadTypeAndIsInactive() {
        String offer = Offers.text(Offers.PUBLISHER).replace("a=sendonly", "a=inactive");
        AnswerBuilder.Answer answer = builder.answer(SessionDescription.parse(offer),
                Map.of("0", new SectionRole.Inactive(OptionalInt.empty()), "1", new SectionRole.Inactive(OptionalInt.of(96))),
                AnswerBuilder.Policy.jellyfish(null));
        assertLines(crlf(sectionHead("video", "96", "inactive", "1") + "a=rtcp-mux\na=rtpmap:96 VP8/90000\n"),
                String.join("\r\n", section(answer.sdp(), 1)) + "\r\n");
        assertEquals("m=audio 9 UDP/TLS/RTP/SAVPF 111", section(answer.sdp(), 0).getFirst());
    }

    @Test
    void degradesInsteadOfCrashing() {
        // R6: a publish role on a sendrecv m-line is answered recvonly.
        String sendrecv = Offers.text(Offers.PUBLISHER).replace("a=sendonly", "a=sendrecv");
        assertEquals(Direction.RECVONLY, builder.answer(SessionDescription.parse(sendrecv),
                Map.of("0", new SectionRole.Publish(STREAM, true)), AnswerBuilder.Policy.jellyfish(null))
                .sections().getFirst().direction());

        // R5: surplus recvonly m-lines (no role) and codec mismatches are inactive, never port 0.
        CodecChoice h264 = CodecFilter.forVideoCodec("h264").select(Offers.parse(Offers.PUBLISHER).media().get(1)).orElseThrow();
        MediaSection vp8Only = Offers.video("recvonly", "96", "a=rtpmap:96 VP8/90000");
        SessionDescription subscriber = SessionDescription.parse(Offers.text(Offers.SUBSCRIBER)
                .replaceAll("m=video 9 UDP/TLS/RTP/SAVPF [0-9 ]+", "m=video 9 UDP/TLS/RTP/SAVPF 96"));
        assertEquals(vp8Only.payloadTypes(), subscriber.media().get(1).payloadTypes());
        AnswerBuilder.Answer answer = builder.answer(subscriber,
                Map.of("1", new SectionRole.Subscribe("t", MediaKind.VIDEO, "s", h264, Set.of(), 5L)),
                AnswerBuilder.Policy.jellyfish("h264"));
        assertEquals(List.of(Direction.INACTIVE, Direction.INACTIVE),
                answer.sections().stream().map(MediaAnswer::direction).toList());
        assertTrue(answer.sdp().lines().filter(l -> l.startsWith("m=")).allMatch(l -> l.split(" ")[1].equals("9")));

        // R10: no acceptable codec in an h264 room.
        MediaAnswer vp9 = builder.answer(SessionDescription.parse("v=0\nm=video 9 UDP/TLS/RTP/SAVPF 98\na=mid:0\na=sendonly\na=rtpmap:98 VP9/90000\n"),
                Map.of("0", new SectionRole.Publish(STREAM, true)), AnswerBuilder.Policy.jellyfish("h264")).sections().getFirst();
        assertEquals(Direction.INACTIVE, vp9.direction());
        assertEquals(98, vp9.payloadType());
    }

    @Test
    void dataChannelsAreRejectedAndLeftOutOfTheBundle() {
        String offer = Offers.text(Offers.PUBLISHER)
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\nc=IN IP4 0.0.0.0\na=mid:2\na=sctp-port:5000\n";
        String sdp = publisherAnswer(SessionDescription.parse(offer), true, null).sdp();
        assertTrue(sdp.contains("a=group:BUNDLE 0 1\r\n"));
        assertEquals(List.of("m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "a=mid:2"),
                section(sdp, 2));
    }

    @Test
    void bundleListsMidsInNumericOrder() {
        String sdp = "v=0\n" + List.of("10", "2", "0").stream()
                .map(mid -> "m=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:" + mid + "\na=recvonly\na=rtpmap:111 opus/48000/2\n")
                .collect(Collectors.joining());
        String answer = builder.answer(SessionDescription.parse(sdp), Map.of(), AnswerBuilder.Policy.jellyfish(null)).sdp();
        assertTrue(answer.contains("a=group:BUNDLE 0 2 10\r\n"), answer);
        assertEquals(List.of("a=mid:10", "a=mid:2", "a=mid:0"), answer.lines().filter(l -> l.startsWith("a=mid")).toList());
    }

    @Test
    void everyLineEndsWithCrlfAndTheAnswerParses() {
        String sdp = publisherAnswer(Offers.SIMULCAST, true, null).sdp();
        assertTrue(sdp.endsWith("\r\n"));
        assertFalse(sdp.replace("\r\n", "").contains("\n"));
        SessionDescription parsed = SessionDescription.parse(sdp);
        assertEquals(List.of("0", "1"), parsed.bundleMids());
        assertEquals("passive", parsed.media().get(1).setup().orElseThrow());
    }

    @Test
    void missingMidAndUnsafeValuesAreRefused() {
        SessionDescription noMid = SessionDescription.parse("v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 111\na=rtpmap:111 opus/48000/2\n");
        assertThrows(SdpParseException.class, () -> builder.answer(noMid, Map.of(), AnswerBuilder.Policy.jellyfish(null)));
        assertThrows(IllegalArgumentException.class, () -> builder.answer(Offers.parse(Offers.PUBLISHER),
                Map.of("0", new SectionRole.Publish("stream\r\na=injected", true)), AnswerBuilder.Policy.jellyfish(null)));
        assertThrows(IllegalArgumentException.class, () -> new AnswerBuilder("uf rag", "pwd", "AA"));
    }

    private static Set<String> uris(MediaAnswer answer) {
        return answer.extensions().stream().map(ExtMap::uri).collect(Collectors.toSet());
    }

    /** The lines of the {@code index}-th m-section of an answer. */
    private static List<String> section(String sdp, int index) {
        String[] sections = sdp.split("\r\n(?=m=)");
        return List.of(sections[index + 1].split("\r\n"));
    }

    private static void assertLines(String expected, String actual) {
        assertEquals(List.of(expected.split("\r\n", -1)), List.of(actual.split("\r\n", -1)));
    }
}
