package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtxTest {

    private static final HexFormat HEX = HexFormat.of();
    private final RtpPacket packet = new RtpPacket();

    @Test
    void restoresTheOriginalPacketInPlace() {
        // RTX PT 97, seq 7, SSRC 0x33333333, one-byte extension id 11 = "h", OSN 0x1234, payload CAFE, 2 bytes padding.
        byte[] bytes = HEX.parseHex("00" + "b0e10007" + "0000abcd" + "33333333" + "bede0001" + "b0680000"
                + "1234" + "cafe" + "0002");
        assertTrue(packet.wrap(bytes, 1, bytes.length - 1));

        assertTrue(Rtx.unwrap(packet, 0x22222222L, 96));

        assertEquals(1 + Rtx.OSN_LENGTH, packet.offset());
        assertEquals(bytes.length - 1 - Rtx.OSN_LENGTH, packet.length());
        assertEquals(0x1234, packet.sequenceNumber());
        assertEquals(0x22222222L, packet.ssrc());
        assertEquals(96, packet.payloadType());
        assertTrue(packet.marker());
        assertEquals(0xabcdL, packet.timestamp());
        assertEquals(2, packet.paddingLength());
        assertEquals(1, packet.extensionLength(11));
        assertEquals('h', bytes[packet.extensionOffset(11)]);
        assertArrayEquals(HEX.parseHex("cafe"),
                Arrays.copyOfRange(bytes, packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength()));
    }

    @Test
    void leavesPacketsWithNoMediaUntouched() {
        String header = "0007" + "00000001" + "33333333";
        for (String hex : new String[] {
                "8061" + header,                   // truncated: no OSN at all
                "8061" + header + "12",            // truncated: half an OSN
                "8061" + header + "1234",          // an OSN and nothing to repair with
                "a061" + header + "00000004",      // padding-only probe (Chromium's bandwidth probing)
                "a061" + header + "1234000003",    // an OSN followed by padding only
        }) {
            byte[] bytes = HEX.parseHex(hex);
            assertTrue(packet.wrap(bytes, 0, bytes.length), hex);
            byte[] before = bytes.clone();

            assertFalse(Rtx.unwrap(packet, 0x22222222L, 96), hex);
            assertArrayEquals(before, bytes, hex);
            assertEquals(0, packet.offset(), hex);
        }
    }
}
