package io.jellyfish.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SrtpSessionTest {
    private static final int SSRC = 0x11223344;

    /** A server/client pair sharing freshly random keying material. */
    private record Pair(SrtpSession server, SrtpSession client) {
        static Pair of(SrtpProfile profile) {
            byte[] exported = new byte[profile.keyingMaterialLength()];
            new Random(42).nextBytes(exported);
            SrtpKeyingMaterial keys = SrtpKeyingMaterial.fromDtlsExporter(profile, exported);
            return new Pair(SrtpSession.forServer(keys), SrtpSession.forClient(keys));
        }
    }

    static byte[] rtp(int seq, int payloadLength) {
        byte[] packet = new byte[12 + payloadLength + 16];
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        packet[7] = (byte) seq;
        SrtpTransformer.putInt(packet, 8, SSRC);
        for (int i = 0; i < payloadLength; i++) {
            packet[12 + i] = (byte) (i * 7 + seq);
        }
        return packet;
    }

    static byte[] rtcp() {
        // A PLI (PT 206, FMT 1): sender SSRC then media SSRC.
        byte[] packet = new byte[12 + 20];
        packet[0] = (byte) 0x81;
        packet[1] = (byte) 206;
        packet[3] = 2;
        SrtpTransformer.putInt(packet, 4, SSRC);
        SrtpTransformer.putInt(packet, 8, 0xcafebabe);
        return packet;
    }

    @Test
    void exporterOutputIsSplitClientKeyServerKeyClientSaltServerSalt() {
        byte[] exported = new byte[60];
        for (int i = 0; i < exported.length; i++) {
            exported[i] = (byte) i;
        }
        SrtpKeyingMaterial keys = SrtpKeyingMaterial.fromDtlsExporter(SrtpProfile.AES_CM_128_HMAC_SHA1_80, exported);
        assertArrayEquals(Arrays.copyOfRange(exported, 0, 16), keys.clientKey());
        assertArrayEquals(Arrays.copyOfRange(exported, 16, 32), keys.serverKey());
        assertArrayEquals(Arrays.copyOfRange(exported, 32, 46), keys.clientSalt());
        assertArrayEquals(Arrays.copyOfRange(exported, 46, 60), keys.serverSalt());
        assertFalse(keys.toString().contains("0102"), "no key material in toString");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsInBothDirections(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] packet = rtp(1000, 160);
        byte[] original = Arrays.copyOf(packet, 172);

        int protectedLength = pair.server().protectRtp(packet, 0, 172);
        assertEquals(172 + profile.tagLength(), protectedLength);
        assertFalse(Arrays.equals(original, Arrays.copyOf(packet, 172)), "payload is encrypted");
        assertArrayEquals(Arrays.copyOf(original, 12), Arrays.copyOf(packet, 12), "header stays clear");
        assertEquals(172, pair.client().unprotectRtp(packet, 0, protectedLength));
        assertArrayEquals(original, Arrays.copyOf(packet, 172));

        packet = rtp(7, 160);
        protectedLength = pair.client().protectRtp(packet, 0, 172);
        assertEquals(172, pair.server().unprotectRtp(packet, 0, protectedLength));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsAndIsReplayProtected(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        for (int i = 0; i < 3; i++) {
            byte[] packet = Arrays.copyOf(rtcp(), 12 + profile.maxRtcpOverhead());
            byte[] original = Arrays.copyOf(packet, 12);
            int protectedLength = pair.client().protectRtcp(packet, 0, 12);
            assertEquals(12 + profile.maxRtcpOverhead(), protectedLength);
            byte[] replay = Arrays.copyOf(packet, protectedLength);

            assertEquals(12, pair.server().unprotectRtcp(packet, 0, protectedLength));
            assertArrayEquals(original, Arrays.copyOf(packet, 12));
            assertEquals(-1, pair.server().unprotectRtcp(replay, 0, replay.length), "replayed SRTCP");
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverCounterFollowsSequenceWrapEvenOutOfOrder(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        int[] sequence = {65533, 65534, 65535, 0, 1, 2};
        byte[][] sent = new byte[sequence.length][];
        for (int i = 0; i < sequence.length; i++) {
            byte[] packet = rtp(sequence[i], 100);
            int length = pair.server().protectRtp(packet, 0, 112);
            sent[i] = Arrays.copyOf(packet, length);
        }
        // Deliver with the wrap reordered: 65533, 65534, 0, 65535, 2, 1.
        for (int i : new int[] {0, 1, 3, 2, 5, 4}) {
            byte[] packet = sent[i].clone();
            assertEquals(112, pair.client().unprotectRtp(packet, 0, packet.length), "seq " + sequence[i]);
            assertArrayEquals(Arrays.copyOf(rtp(sequence[i], 100), 112), Arrays.copyOf(packet, 112));
        }
        // After the wrap the packet index is 2^16 + seq: a later packet still decrypts.
        byte[] later = rtp(30000, 100);
        int length = pair.server().protectRtp(later, 0, 112);
        assertEquals(112, pair.client().unprotectRtp(later, 0, length));
    }

    @Test
    void packetSentAfterTheWrapUsesRocOneInItsTag() {
        // The same SEQ before and after a wrap must produce different ciphertext (ROC is part of the IV).
        Pair pair = Pair.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] first = rtp(5, 50);
        pair.server().protectRtp(first, 0, 62);
        for (int seq = 10000; seq <= 65535; seq += 10000) {
            pair.server().protectRtp(rtp(seq, 50), 0, 62);
        }
        pair.server().protectRtp(rtp(65535, 50), 0, 62);
        byte[] second = rtp(5, 50);
        pair.server().protectRtp(second, 0, 62);
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(first, 12, 62)),
                Arrays.toString(Arrays.copyOfRange(second, 12, 62)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedPacketsAreRejected(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[] packet = rtp(1, 160);
        int length = pair.server().protectRtp(packet, 0, 172);
        for (int position : new int[] {1, 5, 11, 12, 100, length - 1}) {
            byte[] tampered = Arrays.copyOf(packet, length);
            tampered[position] ^= 0x01;
            assertEquals(-1, pair.client().unprotectRtp(tampered, 0, length), "flipped byte " + position);
        }
        // The genuine packet is still accepted: rejected forgeries leave no replay state behind.
        assertEquals(172, pair.client().unprotectRtp(packet, 0, length));

        byte[] control = Arrays.copyOf(rtcp(), 64);
        int rtcpLength = pair.server().protectRtcp(control, 0, 12);
        control[rtcpLength - 1] ^= 0x01;
        assertEquals(-1, pair.client().unprotectRtcp(control, 0, rtcpLength));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedAndTooOldPacketsAreRejected(SrtpProfile profile) {
        Pair pair = Pair.of(profile);
        byte[][] sent = new byte[SrtpSession.RTP_REPLAY_WINDOW + 10][];
        for (int seq = 0; seq < sent.length; seq++) {
            byte[] packet = rtp(seq, 20);
            sent[seq] = Arrays.copyOf(packet, pair.server().protectRtp(packet, 0, 32));
        }
        assertEquals(32, pair.client().unprotectRtp(sent[5].clone(), 0, sent[5].length));
        assertEquals(-1, pair.client().unprotectRtp(sent[5].clone(), 0, sent[5].length), "replay");

        byte[] newest = sent[sent.length - 1];
        assertEquals(32, pair.client().unprotectRtp(newest.clone(), 0, newest.length));
        assertEquals(-1, pair.client().unprotectRtp(sent[6].clone(), 0, sent[6].length), "outside the window");
        byte[] late = sent[sent.length - 100];
        assertEquals(32, pair.client().unprotectRtp(late.clone(), 0, late.length), "late but inside the window");
        assertEquals(-1, pair.client().unprotectRtp(late.clone(), 0, late.length), "late replay");
    }

    @Test
    void garbageNeverThrows() {
        Pair pair = Pair.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] junk = new byte[random.nextInt(80)];
            random.nextBytes(junk);
            if (junk.length > 0 && random.nextBoolean()) {
                junk[0] = (byte) (0x80 | (junk[0] & 0x3f)); // looks like version 2
            }
            assertEquals(-1, pair.client().unprotectRtp(junk, 0, junk.length));
            assertEquals(-1, pair.client().unprotectRtcp(junk, 0, junk.length));
        }
        byte[] small = new byte[4];
        assertEquals(-1, pair.client().unprotectRtp(small, 2, 10));
        assertEquals(-1, pair.client().unprotectRtp(small, -1, 2));
        assertEquals(-1, pair.client().unprotectRtcp(null, 0, 0));
    }

    @Test
    void protectRequiresRoomForTheTag() {
        Pair pair = Pair.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        byte[] exact = Arrays.copyOf(rtp(1, 20), 32);
        assertThrows(IllegalArgumentException.class, () -> pair.server().protectRtp(exact, 0, 32));
    }

    @Test
    void headerExtensionAndCsrcsStayInTheClear() {
        Pair pair = Pair.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        // V=2, X=1, CC=1; one CSRC, a one-word one-byte-header extension, then 8 bytes payload.
        byte[] packet = new byte[12 + 4 + 8 + 8 + 10];
        packet[0] = (byte) 0x91;
        SrtpTransformer.putInt(packet, 8, SSRC);
        SrtpTransformer.putInt(packet, 12, 0x0a0b0c0d);
        packet[16] = (byte) 0xbe;
        packet[17] = (byte) 0xde;
        packet[19] = 1;
        SrtpTransformer.putInt(packet, 20, 0x10ff0000);
        byte[] header = Arrays.copyOf(packet, 24);
        int length = pair.server().protectRtp(packet, 0, 32);
        assertArrayEquals(header, Arrays.copyOf(packet, 24));
        assertEquals(32, pair.client().unprotectRtp(packet, 0, length));
    }

    @Test
    void indexEstimationFollowsRfc3711AppendixA() {
        assertEquals(5, SrtpSession.estimateIndex(3, 5));
        assertEquals(0x1_0000 + 2, SrtpSession.estimateIndex(65535, 2), "wrap forward");
        assertEquals(65535, SrtpSession.estimateIndex(0x1_0000 + 2, 65535), "late packet from before the wrap");
        assertEquals(-1, SrtpSession.estimateIndex(2, 65535), "would precede ROC 0");
        assertEquals(0x4_0000L + 40000, SrtpSession.estimateIndex(0x5_0000L + 100, 40000), "more than half behind");
        assertEquals(0x5_0000L + 30000, SrtpSession.estimateIndex(0x5_0000L + 100, 30000));
    }
}
