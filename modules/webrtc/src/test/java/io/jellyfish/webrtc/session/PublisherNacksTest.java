package io.jellyfish.webrtc.session;

import io.jellyfish.webrtc.rtp.Rtcp;
import io.jellyfish.webrtc.rtp.RtcpKind;
import io.jellyfish.webrtc.rtp.RtcpReader;
import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.rtp.SequenceGaps;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublisherNacksTest {

    private static final long MEDIA_SSRC = 0x22222222L;

    private final List<byte[]> sent = new ArrayList<>();
    private final PublisherNacks nacks = new PublisherNacks(1, (packet, length) -> sent.add(Arrays.copyOf(packet, length)));
    private final SequenceGaps gaps = new SequenceGaps();
    private final RtpPacket view = new RtpPacket();

    private void receive(int sequenceNumber) {
        byte[] bytes = {(byte) 0x80, 96, (byte) (sequenceNumber >>> 8), (byte) sequenceNumber, 0, 0, 0, 1,
                0x22, 0x22, 0x22, 0x22, 1, 2, 3};
        assertTrue(view.wrap(bytes, 0, bytes.length));
        nacks.onPacket(gaps, view);
    }

    @Test
    void sendsOneGenericNackPerGap() {
        receive(65_534);
        receive(65_535);
        receive(3);
        receive(1); // a late packet: no new NACK
        receive(4);
        receive(6);

        assertEquals(2, sent.size());
        assertNack(sent.get(0), 0, 1, 2);
        assertNack(sent.get(1), 5);
    }

    @Test
    void staysQuietOnReorderingAndRestarts() {
        receive(100);
        receive(102);
        receive(101);
        sent.clear();
        receive(103);
        receive(5000);
        receive(5001);
        assertEquals(List.of(), sent);
    }

    private static void assertNack(byte[] packet, int... expected) {
        RtcpReader reader = new RtcpReader();
        reader.reset(packet, 0, packet.length);
        assertTrue(reader.next());
        assertEquals(RtcpKind.GENERIC_NACK, reader.kind());
        assertEquals(1, reader.senderSsrc());
        assertEquals(MEDIA_SSRC, reader.targetSsrc());
        int[] numbers = new int[SequenceGaps.MAX_REPORTED];
        int count = Rtcp.readNack(packet, 0, packet.length, numbers);
        assertArrayEquals(expected, Arrays.copyOf(numbers, count));
    }
}
