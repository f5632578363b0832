package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * V=2 P=1 X=1 CC=1, M=1 PT=96, seq 0xFFFE, ts 0x12345678, SSRC 0xCAFEBABE, CSRC 1,
     * one-byte extensions: id 1 (1 byte 0xAA), id 3 (2 bytes 0x0102), id 4 (1 byte '0'), 1 byte padding,
     * payload DE AD BE EF, then 3 bytes of RTP padding.
     */
    static byte[] oneBytePacket() {
        return HEX.parseHex("b1e0fffe12345678cafebabe00000001"
                + "bede0002" + "10aa" + "310102" + "4030" + "00"
                + "deadbeef" + "000003");
    }

    /** Two-byte form (profile 0x1000): id 20 (0 bytes), id 3 (2 bytes), id 200 (1 byte), three padding bytes. */
    static byte[] twoBytePacket() {
        return HEX.parseHex("9060000100000002000000031000" + "0003" + "1400" + "03020102" + "c80177" + "000000" + "cafe");
    }

    private final RtpPacket packet = new RtpPacket();

    @Test
    void readsTheFixedHeaderAndLayout() {
        byte[] bytes = withPrefix(oneBytePacket(), 5);
        assertTrue(packet.wrap(bytes, 5, bytes.length - 5));
        assertTrue(packet.hasPadding());
        assertTrue(packet.hasExtension());
        assertEquals(1, packet.csrcCount());
        assertTrue(packet.marker());
        assertEquals(96, packet.payloadType());
        assertEquals(0xFFFE, packet.sequenceNumber());
        assertEquals(0x12345678L, packet.timestamp());
        assertEquals(0xCAFEBABEL, packet.ssrc());
        assertEquals(RtpPacket.ONE_BYTE_PROFILE, packet.extensionProfile());
        assertEquals(12 + 4 + 4 + 8, packet.headerLength());
        assertEquals(5 + 28, packet.payloadOffset());
        assertEquals(4, packet.payloadLength());
        assertEquals(3, packet.paddingLength());
    }

    @Test
    void settersWriteInPlace() {
        byte[] bytes = oneBytePacket();
        packet.wrap(bytes, 0, bytes.length);
        packet.setMarker(false);
        packet.setPayloadType(111);
        packet.setSequenceNumber(0x1234);
        packet.setTimestamp(0xFFFFFFFFL);
        packet.setSsrc(0x01020304L);
        assertTrue(packet.wrap(bytes, 0, bytes.length));
        assertFalse(packet.marker());
        assertEquals(111, packet.payloadType());
        assertEquals(0x1234, packet.sequenceNumber());
        assertEquals(0xFFFFFFFFL, packet.timestamp());
        assertEquals(0x01020304L, packet.ssrc());
        assertThrows(IllegalArgumentException.class, () -> packet.setPayloadType(128));
    }

    @Test
    void findsOneByteExtensions() {
        byte[] bytes = oneBytePacket();
        packet.wrap(bytes, 0, bytes.length);
        assertEquals(1, packet.extensionLength(1));
        assertEquals((byte) 0xAA, bytes[packet.extensionOffset(1)]);
        assertEquals(2, packet.extensionLength(3));
        assertEquals(0x0102, Bytes.u16(bytes, packet.extensionOffset(3)));
        assertEquals('0', bytes[packet.extensionOffset(4)]);
        assertEquals(-1, packet.extensionOffset(2));
        assertEquals(-1, packet.extensionLength(14));
    }

    @Test
    void findsTwoByteExtensions() {
        byte[] bytes = twoBytePacket();
        assertTrue(packet.wrap(bytes, 0, bytes.length));
        assertEquals(0, packet.extensionLength(20));
        assertEquals(2, packet.extensionLength(3));
        assertEquals(0x0102, Bytes.u16(bytes, packet.extensionOffset(3)));
        assertEquals(0x77, bytes[packet.extensionOffset(200)]);
        assertEquals(2, packet.payloadLength());
    }

    @Test
    void rewriteRemapsKeptIdsDropsOthersAndMovesThePayload() {
        byte[] bytes = oneBytePacket();
        packet.wrap(bytes, 0, bytes.length);
        byte[] map = new byte[16];
        map[3] = 5;
        int newLength = packet.rewriteExtensions(map);
        assertEquals(bytes.length - 4, newLength);
        assertEquals(newLength, packet.length());
        assertEquals(-1, packet.extensionLength(1));
        assertEquals(0x0102, Bytes.u16(bytes, packet.extensionOffset(5)));
        assertEquals(-1, packet.extensionOffset(3));
        assertEquals(-1, packet.extensionOffset(4));
        assertArrayEquals(HEX.parseHex("deadbeef"),
                Arrays.copyOfRange(bytes, packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength()));
        assertEquals(3, packet.paddingLength());
    }

    @Test
    void rewriteToNothingRemovesTheBlockAndTheXBit() {
        byte[] bytes = oneBytePacket();
        packet.wrap(bytes, 0, bytes.length);
        int newLength = packet.rewriteExtensions(new byte[0]);
        assertEquals(bytes.length - 12, newLength);
        assertFalse(packet.hasExtension());
        assertEquals(16, packet.headerLength());
        assertEquals(0xDEADBEEFL, Bytes.u32(bytes, packet.payloadOffset()));
    }

    @Test
    void rewriteKeepsTheTwoByteFormAndItsLargeIds() {
        byte[] bytes = twoBytePacket();
        packet.wrap(bytes, 0, bytes.length);
        byte[] map = new byte[256];
        map[200] = (byte) 150;
        map[20] = 7;
        int newLength = packet.rewriteExtensions(map);
        assertEquals(bytes.length - 4, newLength);
        assertEquals(0x77, bytes[packet.extensionOffset(150)]);
        assertEquals(0, packet.extensionLength(7));
        assertEquals(0xCAFE, Bytes.u16(bytes, packet.payloadOffset()));
    }

    @Test
    void oneByteFormCannotTakeIdsAbove14() {
        byte[] bytes = oneBytePacket();
        packet.wrap(bytes, 0, bytes.length);
        byte[] map = new byte[16];
        map[3] = 15;
        packet.rewriteExtensions(map);
        assertFalse(packet.hasExtension());
    }

    @Test
    void stripPaddingClearsThePBit() {
        byte[] bytes = oneBytePacket();
        packet.wrap(bytes, 0, bytes.length);
        assertEquals(bytes.length - 3, packet.stripPadding());
        assertFalse(packet.hasPadding());
        assertEquals(4, packet.payloadLength());
    }

    @Test
    void malformedPacketsAreInvalidNotExceptions() {
        assertFalse(packet.wrap(null, 0, 12));
        assertFalse(packet.wrap(new byte[11], 0, 11));
        assertFalse(packet.wrap(new byte[12], 0, 12)); // version 0
        assertFalse(packet.wrap(oneBytePacket(), 4, 40));
        assertFalse(packet.wrap(oneBytePacket(), -1, 10));
        assertFalse(packet.wrap(HEX.parseHex("8f60000100000002000000030000"), 0, 14)); // 15 CSRCs claimed
        assertFalse(packet.wrap(HEX.parseHex("9060000100000002000000031000ffff"), 0, 16)); // extension too long
        assertFalse(packet.wrap(HEX.parseHex("a060000100000002000000030000"), 0, 14)); // padding count 0
        assertFalse(packet.wrap(HEX.parseHex("a0600001000000020000000300ff"), 0, 14)); // padding beyond header
        assertFalse(packet.isValid());
        assertThrows(IllegalStateException.class, packet::sequenceNumber);
        byte[] valid = oneBytePacket();
        for (int length = 0; length < valid.length; length++) {
            assertFalse(packet.wrap(valid, 0, length), "prefix " + length);
        }
    }

    @Test
    void garbageNeverThrows() {
        Random random = new Random(7);
        byte[] map = new byte[256];
        Arrays.fill(map, (byte) 3);
        for (int i = 0; i < 20000; i++) {
            byte[] bytes = i % 2 == 0 ? oneBytePacket() : twoBytePacket();
            for (int m = random.nextInt(6); m >= 0; m--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(bytes.length + 1);
            if (packet.wrap(bytes, 0, length)) {
                packet.extensionOffset(random.nextInt(256));
                packet.extensionLength(3);
                assertTrue(packet.payloadLength() >= 0);
                int newLength = packet.rewriteExtensions(map);
                assertTrue(newLength <= length && packet.isValid());
            }
        }
    }

    private static byte[] withPrefix(byte[] packet, int prefix) {
        byte[] out = new byte[prefix + packet.length];
        System.arraycopy(packet, 0, out, prefix, packet.length);
        return out;
    }
}
