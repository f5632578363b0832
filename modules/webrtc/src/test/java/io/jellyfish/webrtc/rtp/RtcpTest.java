package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtcpTest {

    private static final HexFormat HEX = HexFormat.of();
    private final RtcpReader reader = new RtcpReader();

    /** RR (no blocks), SDES, PLI, NACK, TWCC, REMB, FIR, BYE, SR (no blocks). */
    static byte[] compound() {
        return HEX.parseHex(
                "80c90001" + "11111111"                                       // RR
                        + "81ca0003" + "11111111" + "0104616263" + "000000"   // SDES cname "abc"
                        + "81ce0002" + "11111111" + "22222222"                // PLI
                        + "81cd0003" + "11111111" + "22222222" + "00640005"   // NACK pid 100, blp 0b101
                        + "8fcd0004" + "11111111" + "22222222" + "0001000200000000" // TWCC (opaque)
                        + "8fce0004" + "11111111" + "00000000" + "52454d4201000001" // REMB
                        + "84ce0004" + "11111111" + "00000000" + "33333333" + "07000000" // FIR seq 7
                        + "81cb0001" + "11111111"                             // BYE
                        + "80c80006" + "11111111" + "0000000000000000" + "00000000" + "00000000" + "00000000"); // SR
    }

    @Test
    void iteratesACompoundPacket() {
        byte[] bytes = compound();
        assertTrue(reader.reset(bytes, 0, bytes.length));
        List<RtcpKind> kinds = new ArrayList<>();
        while (reader.next()) {
            kinds.add(reader.kind());
            assertEquals(0x11111111L, reader.senderSsrc());
        }
        assertFalse(reader.malformed());
        assertEquals(List.of(RtcpKind.RECEIVER_REPORT, RtcpKind.SDES, RtcpKind.PLI, RtcpKind.GENERIC_NACK,
                RtcpKind.TRANSPORT_CC, RtcpKind.REMB, RtcpKind.FIR, RtcpKind.BYE, RtcpKind.SENDER_REPORT), kinds);
        assertTrue(Rtcp.isRtcp(bytes, 0, bytes.length));
        assertFalse(Rtcp.isRtcp(RtpPacketTest.oneBytePacket(), 0, 35));
    }

    @Test
    void readsFeedbackTargets() {
        byte[] bytes = compound();
        reader.reset(bytes, 0, bytes.length);
        int[] seqs = new int[32];
        while (reader.next()) {
            switch (reader.kind()) {
                case PLI -> assertEquals(0x22222222L, reader.targetSsrc());
                case FIR -> {
                    assertEquals(0x33333333L, reader.targetSsrc());
                    assertEquals(7, Rtcp.firSequenceNumber(bytes, reader.offset(), reader.length()));
                }
                case GENERIC_NACK -> {
                    int n = Rtcp.readNack(bytes, reader.offset(), reader.length(), seqs);
                    assertArrayEquals(new int[] {100, 101, 103}, Arrays.copyOf(seqs, n));
                }
                default -> {
                }
            }
        }
    }

    @Test
    void buildsPliAndFirThatParseBack() {
        byte[] out = new byte[64];
        int pli = Rtcp.writePli(out, 3, 1L, 0xABCDEF01L);
        int fir = Rtcp.writeFir(out, 3 + pli, 1L, 0x0A0B0C0DL, 258);
        assertEquals(12, pli);
        assertEquals(20, fir);
        assertArrayEquals(HEX.parseHex("81ce000200000001abcdef01"), Arrays.copyOfRange(out, 3, 15));
        reader.reset(out, 3, pli + fir);
        assertTrue(reader.next());
        assertEquals(RtcpKind.PLI, reader.kind());
        assertTrue(reader.next());
        assertEquals(RtcpKind.FIR, reader.kind());
        assertEquals(0x0A0B0C0DL, reader.targetSsrc());
        assertEquals(2, Rtcp.firSequenceNumber(out, reader.offset(), reader.length()));
        assertFalse(reader.next());
        assertThrows(IllegalArgumentException.class, () -> Rtcp.writeFir(new byte[19], 0, 1, 2, 3));
    }

    @Test
    void nackRoundTripsAcrossWraparound() {
        int[] lost = {65534, 65535, 0, 1, 15, 40, 40};
        byte[] out = new byte[64];
        int length = Rtcp.writeNack(out, 0, 5L, 6L, lost, lost.length);
        assertEquals(12 + 4 * 3, length); // 65534 with BLP up to 14, then 15, then 40
        int[] seqs = new int[64];
        int n = Rtcp.readNack(out, 0, length, seqs);
        assertArrayEquals(new int[] {65534, 65535, 0, 1, 15, 40}, Arrays.copyOf(seqs, n));
        assertEquals(2, Rtcp.readNack(out, 0, length, new int[2]));
        assertThrows(IllegalArgumentException.class, () -> Rtcp.writeNack(out, 0, 5L, 6L, lost, 0));
    }

    @Test
    void rewritesTheTargetSsrcOfPliAndFir() {
        byte[] bytes = compound();
        reader.reset(bytes, 0, bytes.length);
        while (reader.next()) {
            if (reader.kind() == RtcpKind.PLI || reader.kind() == RtcpKind.FIR) {
                Rtcp.rewriteTargetSsrc(bytes, reader.offset(), reader.length(), 0x44444444L);
                Rtcp.setSenderSsrc(bytes, reader.offset(), reader.length(), 0x55555555L);
                assertEquals(0x44444444L, reader.targetSsrc());
                assertEquals(0x55555555L, reader.senderSsrc());
            }
        }
    }

    @Test
    void malformedCompoundsStopWithAFlag() {
        byte[] bytes = compound();
        reader.reset(bytes, 0, 10); // cuts the SDES packet
        assertTrue(reader.next());
        assertFalse(reader.next());
        assertTrue(reader.malformed());

        byte[] shortFeedback = HEX.parseHex("81ce0001" + "11111111"); // PLI without media SSRC
        reader.reset(shortFeedback, 0, shortFeedback.length);
        assertFalse(reader.next());
        assertTrue(reader.malformed());

        assertFalse(reader.reset(null, 0, 4));
        assertFalse(reader.next());
        assertFalse(reader.reset(bytes, 10, bytes.length));
        assertEquals(0, Rtcp.readNack(bytes, 0, 8, new int[4]));
        assertEquals(-1, Rtcp.targetSsrc(bytes, 0, 8));
    }

    @Test
    void garbageNeverThrows() {
        Random random = new Random(11);
        int[] seqs = new int[64];
        for (int i = 0; i < 20000; i++) {
            byte[] bytes = compound();
            for (int m = random.nextInt(6); m >= 0; m--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            reader.reset(bytes, 0, random.nextInt(bytes.length + 1));
            while (reader.next()) {
                reader.kind();
                reader.senderSsrc();
                reader.targetSsrc();
                Rtcp.readNack(bytes, reader.offset(), reader.length(), seqs);
                Rtcp.firSequenceNumber(bytes, reader.offset(), reader.length());
                Rtcp.rewriteTargetSsrc(bytes, reader.offset(), reader.length(), 1L);
            }
        }
    }
}
