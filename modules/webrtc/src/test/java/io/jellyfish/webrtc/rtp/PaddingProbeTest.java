package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaddingProbeTest {

    @Test
    void isAPaddingOnlyPacketOfTheStreamWithRoomForTheExtensionBlock() {
        byte[] buffer = new byte[400];
        Arrays.fill(buffer, (byte) 0x55);
        int length = PaddingProbe.write(buffer, 3, 100, 0xBEEF, 0x1234_5678L, 0xCAFE_BABEL, 8);
        assertEquals(12 + 8 + 255, length);
        assertEquals(PaddingProbe.LENGTH_WITH_TRANSPORT_CC, length);
        RtpPacket packet = new RtpPacket();
        assertTrue(packet.wrap(buffer, 3, length));
        assertTrue(packet.hasPadding());
        assertFalse(packet.hasExtension()); // set by whoever writes the block
        assertFalse(packet.marker());
        assertEquals(100, packet.payloadType());
        assertEquals(0xBEEF, packet.sequenceNumber());
        assertEquals(0x1234_5678L, packet.timestamp());
        assertEquals(0xCAFE_BABEL, packet.ssrc());
        assertEquals(255, packet.paddingLength());
        assertEquals(8, packet.payloadLength()); // the reserved block, until the X bit claims it
        for (int i = 3 + 12; i < 3 + length - 1; i++) {
            assertEquals(0, buffer[i]);
        }
    }

    @Test
    void withTheTransportCcBlockThePayloadIsEmpty() {
        byte[] buffer = new byte[400];
        int length = PaddingProbe.write(buffer, 0, 96, 1, 2, 3, 8);
        // What TwccSender.stamp writes: a one-byte-header block with one element.
        buffer[0] |= 0x10;
        buffer[12] = (byte) 0xBE;
        buffer[13] = (byte) 0xDE;
        buffer[15] = 1;
        buffer[16] = (byte) ((5 << 4) | 1);
        RtpPacket packet = new RtpPacket();
        assertTrue(packet.wrap(buffer, 0, length));
        assertEquals(0, packet.payloadLength());
        assertEquals(255, packet.paddingLength());
        assertEquals(2, packet.extensionLength(5));
    }
}
