package io.jellyfish.webrtc.bwe;

import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.rtp.TransportFeedback;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwccSenderTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int ID = 5;

    private final TwccSender sender = new TwccSender();
    private final RtpPacket view = new RtpPacket();

    /** A publisher's packet: CSRC count 1, its own extensions (ids 1 and 3), payload DEADBEEF. */
    private static final byte[] SOURCE = HEX.parseHex("91e0fffe12345678cafebabe00000001"
            + "bede0002" + "10aa" + "310102" + "4030" + "00" + "deadbeef");

    /**
     * What PeerEndpoint.forward does with a packet: the fixed header and CSRCs, X cleared, room
     * for the block, the payload after it, then the stamp.
     */
    private int forward(byte[] out, long nowNanos) {
        RtpPacket source = new RtpPacket();
        assertTrue(source.wrap(SOURCE, 0, SOURCE.length));
        int headerLength = RtpPacket.FIXED_HEADER_LENGTH + 4 * source.csrcCount();
        int rest = SOURCE.length - source.payloadOffset();
        int length = headerLength + TwccSender.EXTENSION_BLOCK_LENGTH + rest;
        System.arraycopy(SOURCE, 0, out, 0, headerLength);
        System.arraycopy(SOURCE, source.payloadOffset(), out, headerLength + TwccSender.EXTENSION_BLOCK_LENGTH, rest);
        out[0] &= (byte) ~0x10;
        sender.stamp(out, 0, headerLength, ID, length, nowNanos);
        return length;
    }

    @Test
    void everyPacketCarriesAFreshBlockWithConsecutiveNumbersAcrossTheWrap() {
        sender.setExtensionId(ID);
        byte[] out = new byte[1500];
        int expected = 0;
        for (int i = 0; i < 65_540; i++, expected = (expected + 1) & 0xFFFF) {
            int length = forward(out, i * 1_000L);
            if (i > 5 && i < 65_530) {
                continue; // check the start and the wrap
            }
            assertTrue(view.wrap(out, 0, length));
            assertTrue(view.hasExtension());
            assertEquals(RtpPacket.ONE_BYTE_PROFILE, view.extensionProfile());
            assertEquals(12 + 4 + 8, view.headerLength(), "one 4-byte-aligned word of elements");
            assertEquals(2, view.extensionLength(ID));
            int at = view.extensionOffset(ID);
            assertEquals(expected, ((out[at] & 0xFF) << 8) | (out[at + 1] & 0xFF), "packet " + i);
            assertEquals(-1, view.extensionOffset(1), "the publisher's elements are gone");
            assertEquals(-1, view.extensionOffset(3));
            assertArrayEquals(HEX.parseHex("deadbeef"), Arrays.copyOfRange(out, view.payloadOffset(), length));
            assertEquals(0xCAFEBABEL, view.ssrc());
        }
    }

    @Test
    void feedbackOnStampedPacketsYieldsAnEstimate() {
        sender.setExtensionId(ID);
        assertTrue(sender.estimateBps() < 0);
        byte[] out = new byte[1500];
        long[] arrivals = new long[1024];
        Arrays.fill(arrivals, TransportFeedback.NOT_RECEIVED);
        long start = 50_000_000_000L;
        for (int i = 0; i < 200; i++) {
            forward(out, start + i * 5_000_000L);
            arrivals[i] = 7_000_000 + i * 5_000L; // receiver clock: 5 ms apart, no queuing
        }
        TransportFeedback.Encoder encoder = new TransportFeedback.Encoder(1024);
        int length = encoder.encode(out, 0, 99, 1, 0, arrivals, 0, 200);
        sender.onFeedback(out, 0, length, start + 1_100_000_000L);
        assertTrue(sender.estimateBps() >= BandwidthEstimator.START_BPS, "estimate " + sender.estimateBps());
    }

    @Test
    void concurrentPublishersGetDistinctNumbers() throws InterruptedException {
        sender.setExtensionId(ID);
        int threads = 4;
        int perThread = 5_000;
        boolean[] seen = new boolean[threads * perThread];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        List<int[]> numbers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int[] mine = new int[perThread];
            numbers.add(mine);
            publishers.add(Thread.ofPlatform().start(() -> {
                byte[] out = new byte[1500];
                RtpPacket own = new RtpPacket();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int length = forward(out, i * 1_000L);
                    assertTrue(own.wrap(out, 0, length));
                    int at = own.extensionOffset(ID);
                    mine[i] = ((out[at] & 0xFF) << 8) | (out[at + 1] & 0xFF);
                }
            }));
        }
        start.countDown();
        for (Thread publisher : publishers) {
            publisher.join();
        }
        for (int[] mine : numbers) {
            for (int number : mine) {
                assertFalse(seen[number], "number " + number + " stamped twice");
                seen[number] = true;
            }
        }
    }
}
