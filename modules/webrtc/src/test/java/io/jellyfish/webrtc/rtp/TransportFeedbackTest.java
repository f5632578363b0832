package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static io.jellyfish.webrtc.rtp.TransportFeedback.NOT_RECEIVED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportFeedbackTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final long SENDER = 0xFA17FA17L;
    private static final long MEDIA = 0x193DD8BBL;

    private final TransportFeedback.Encoder encoder = new TransportFeedback.Encoder(4096);
    private final TransportFeedback.Reader reader = new TransportFeedback.Reader();

    /** One decoded status: sequence number and arrival offset from the reference time (or NOT_RECEIVED). */
    private record Status(int sequence, long offsetMicros) {
    }

    private List<Status> decode(byte[] packet, int length) {
        assertTrue(reader.parse(packet, 0, length), "parses");
        List<Status> statuses = new ArrayList<>();
        reader.forEach((sequence, offset) -> statuses.add(new Status(sequence, offset)));
        assertEquals(reader.statusCount(), statuses.size());
        return statuses;
    }

    // ---- known vectors: feedback captured from Chromium (pion/rtcp transport_layer_cc_test.go) ----

    @Test
    void decodesChromiumFeedbackWithOneRunLengthChunk() {
        byte[] packet = HEX.parseHex("afcd0005" + "fa17fa17" + "43032fa0" + "00990001" + "3de80217" + "20019401");
        List<Status> statuses = decode(packet, packet.length);
        assertEquals(SENDER, reader.senderSsrc());
        assertEquals(0x43032FA0L, reader.mediaSsrc());
        assertEquals(153, reader.baseSequenceNumber());
        assertEquals(4057090, reader.referenceTime());
        assertEquals(23, reader.feedbackCount());
        assertEquals(List.of(new Status(153, 37_000)), statuses);
    }

    @Test
    void decodesChromiumFeedbackWithTwoBitVectorLargeDeltaAndOverlongRun() {
        byte[] packet = HEX.parseHex("afcd0007" + "9b74f61f" + "9371dcbc" + "853c0009" + "63f916b3"
                + "d5520030" + "9baa6aaa" + "7b010901");
        List<Status> statuses = decode(packet, packet.length);
        assertEquals(6551830, reader.referenceTime());
        assertEquals(179, reader.feedbackCount());
        assertEquals(List.of(new Status(34108, 38_750), new Status(34109, 81_250), new Status(34110, 107_750),
                new Status(34111, 150_250), new Status(34112, 181_000), new Status(34113, NOT_RECEIVED),
                new Status(34114, 247_250), new Status(34115, NOT_RECEIVED), new Status(34116, NOT_RECEIVED)), statuses);
    }

    @Test
    void encodesARunLengthChunkLikeLibwebrtc() {
        long reference = 1074030 * 64_000L;
        long[] ring = ring(16);
        long[] offsets = {19_000, 28_000, 37_000, 41_000, 44_000, 47_000, 51_000};
        for (int i = 0; i < offsets.length; i++) {
            ring[4 + i] = reference + offsets[i];
        }
        byte[] out = new byte[1500];
        int length = encoder.encode(out, 0, SENDER, MEDIA, 1, ring, 4, 7);
        assertEquals(7, encoder.encodedCount());
        assertEquals("afcd0007" + "fa17fa17" + "193dd8bb" + "00040007" + "10636e01" + "20074c24" + "24100c0c" + "10000003",
                HEX.formatHex(out, 0, length));
    }

    @Test
    void encodesAOneBitVectorLikeLibwebrtc() {
        long reference = 1074029 * 64_000L;
        long[] ring = ring(16);
        ring[1] = reference + 4_000;
        ring[2] = reference + 7_000;
        ring[3] = reference + 10_000;
        ring[5] = reference + 14_000;
        byte[] out = new byte[1500];
        int length = encoder.encode(out, 0, SENDER, MEDIA, 0, ring, 1, 14);
        assertEquals("afcd0006" + "fa17fa17" + "193dd8bb" + "0001000e" + "10636d00" + "ba00100c" + "0c100002",
                HEX.formatHex(out, 0, length));
    }

    // ---- round trips -----------------------------------------------------------------------------

    @Test
    void roundTripsRandomLossReorderingAndLargeDeltas() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            long[] ring = ring(4096);
            long first = random.nextInt(70_000);
            int count = 1 + random.nextInt(300);
            long time = 5_000_000 + random.nextInt(1_000_000);
            for (int i = 0; i < count; i++) {
                time += switch (random.nextInt(10)) {
                    case 0 -> -random.nextInt(20_000);      // reordered: negative delta
                    case 1 -> 64_000 + random.nextInt(500_000); // large positive delta
                    default -> random.nextInt(3_000);
                };
                boolean lost = i > 0 && i < count - 1 && random.nextInt(4) == 0;
                ring[(int) ((first + i) & 4095)] = lost ? NOT_RECEIVED : time;
            }
            assertRoundTrip(ring, first, count);
        }
    }

    @Test
    void longRunsBecomeRunLengthChunks() {
        long[] ring = ring(4096);
        for (int i = 0; i < 100; i++) {
            ring[i] = 1_000_000 + i * 1_000L;
        }
        ring[1100] = 3_000_000; // 1000 lost in between
        byte[] out = new byte[1500];
        int length = encoder.encode(out, 0, SENDER, MEDIA, 9, ring, 0, 1101);
        assertEquals(1101, encoder.encodedCount());
        // received×100 (small), not received×1000, then the last: a final run of 1 (a large delta).
        assertEquals("2064" + "03e8" + "4001", HEX.formatHex(out, 20, 26));
        assertEquals(20 + 6 + 100 + 2, length); // already 4-byte aligned: no padding
        assertRoundTrip(ring, 0, 1101);
    }

    @Test
    void sequenceNumbersWrapAround() {
        long[] ring = ring(16);
        long first = 65_530;
        for (int i = 0; i < 12; i++) {
            ring[(int) ((first + i) & 15)] = i == 7 ? NOT_RECEIVED : 2_000_000 + i * 2_000L;
        }
        byte[] out = new byte[1500];
        int length = encoder.encode(out, 0, SENDER, MEDIA, 0, ring, first, 12);
        List<Status> statuses = decode(out, length);
        assertEquals(65_530, reader.baseSequenceNumber());
        assertEquals(65_535, statuses.get(5).sequence());
        assertEquals(0, statuses.get(6).sequence());
        assertEquals(new Status(1, NOT_RECEIVED), statuses.get(7));
        assertEquals(5, statuses.get(11).sequence());
    }

    @Test
    void aDeltaBeyondSixteenBitsStartsTheNextPacket() {
        long[] ring = ring(16);
        ring[0] = 1_000_000;
        ring[1] = 1_001_000;
        ring[2] = 1_001_000 + 9_000_000; // more than 8.19 s later
        byte[] out = new byte[1500];
        encoder.encode(out, 0, SENDER, MEDIA, 0, ring, 0, 3);
        assertEquals(2, encoder.encodedCount());
        int length = encoder.encode(out, 0, SENDER, MEDIA, 1, ring, 2, 1);
        assertEquals(1, encoder.encodedCount());
        assertEquals(2, decode(out, length).getFirst().sequence());
    }

    @Test
    void aLargeWindowIsSplitWithinTheSizeBudget() {
        long[] ring = ring(4096);
        long time = 1_000_000;
        for (int i = 0; i < 3000; i++) {
            time += i % 2 == 0 ? 70_000 : -1_000; // every delta needs two bytes
            ring[i] = time;
        }
        byte[] out = new byte[1500];
        long next = 0;
        int packets = 0;
        while (next < 3000) {
            int length = encoder.encode(out, 0, SENDER, MEDIA, packets, ring, next, (int) (3000 - next));
            assertTrue(length > 0 && length <= TransportFeedback.Encoder.MAX_PACKET_LENGTH, "length " + length);
            assertRoundTrip(ring, next, encoder.encodedCount());
            next += encoder.encodedCount();
            packets++;
        }
        assertTrue(packets >= 5, "split into " + packets);
    }

    @Test
    void nothingReceivedMeansNoPacket() {
        assertEquals(0, encoder.encode(new byte[1500], 0, SENDER, MEDIA, 0, ring(16), 0, 10));
    }

    @Test
    void rejectsMalformedFeedback() {
        byte[] good = HEX.parseHex("afcd0005" + "fa17fa17" + "43032fa0" + "00990001" + "3de80217" + "20019401");
        assertTrue(reader.parse(good, 0, good.length));
        // Status count 3 with a run of 1: the chunks end inside the padding.
        byte[] shortChunks = HEX.parseHex("afcd0005" + "fa17fa17" + "43032fa0" + "00990003" + "3de80217" + "20019401");
        assertFalse(reader.parse(shortChunks, 0, shortChunks.length));
        // Two-bit vector announcing a large delta with only one byte left.
        byte[] shortDeltas = HEX.parseHex("afcd0005" + "fa17fa17" + "43032fa0" + "00990002" + "3de80217" + "40029401");
        assertFalse(reader.parse(shortDeltas, 0, shortDeltas.length));
        assertFalse(reader.parse(good, 0, 16));
        byte[] notTwcc = good.clone();
        notTwcc[0] = (byte) 0xA1;
        assertFalse(reader.parse(notTwcc, 0, notTwcc.length));
    }

    /** Decoded arrival times equal the inputs floored to 250 us; lost stays lost. */
    private void assertRoundTrip(long[] ring, long first, int count) {
        byte[] out = new byte[1500];
        int length = encoder.encode(out, 0, SENDER, MEDIA, 3, ring, first, count);
        assertEquals(count, encoder.encodedCount());
        assertEquals(0, length % 4);
        assertEquals(length / 4 - 1, ((out[2] & 0xFF) << 8) | (out[3] & 0xFF));
        List<Status> statuses = decode(out, length);
        assertEquals(first & 0xFFFF, reader.baseSequenceNumber());
        assertEquals(3, reader.feedbackCount());
        long reference = reader.referenceTime() * TransportFeedback.REFERENCE_TIME_UNIT_MICROS;
        for (int i = 0; i < count; i++) {
            long arrival = ring[(int) ((first + i) & (ring.length - 1))];
            Status status = statuses.get(i);
            assertEquals((int) ((first + i) & 0xFFFF), status.sequence());
            if (arrival == NOT_RECEIVED) {
                assertEquals(NOT_RECEIVED, status.offsetMicros(), "status " + i);
            } else {
                long expected = arrival - Math.floorMod(arrival, TransportFeedback.DELTA_TICK_MICROS);
                assertEquals(expected, reference + status.offsetMicros(), "status " + i);
            }
        }
    }

    private static long[] ring(int size) {
        long[] ring = new long[size];
        Arrays.fill(ring, NOT_RECEIVED);
        return ring;
    }
}
