package io.jellyfish.webrtc.session;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RetransmissionCacheTest {

    private static final long T0 = TimeUnit.SECONDS.toNanos(1000);

    private final RetransmissionCache cache = new RetransmissionCache(100);
    private final RecordingPath path = new RecordingPath();

    /** A stand-in for a protected packet: its bytes name its sequence number. */
    private static byte[] packet(int sequenceNumber) {
        return new byte[] {(byte) 0x80, 96, (byte) (sequenceNumber >>> 8), (byte) sequenceNumber, 42};
    }

    private void store(int sequenceNumber) {
        byte[] bytes = packet(sequenceNumber);
        byte[] framed = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, framed, 3, bytes.length);
        cache.store(sequenceNumber, framed, 3, bytes.length);
    }

    private int nack(long now, int... sequenceNumbers) {
        return cache.resend(sequenceNumbers, sequenceNumbers.length, now, path);
    }

    @Test
    void resendsTheStoredBytesOfEachNackedPacket() {
        for (int seq = 1000; seq < 1010; seq++) {
            store(seq);
        }
        assertEquals(2 * packet(0).length, nack(T0, 1003, 1007));
        assertEquals(2, path.sent.size());
        assertArrayEquals(packet(1003), path.sent.get(0));
        assertArrayEquals(packet(1007), path.sent.get(1));
    }

    @Test
    void keepsTheLastPacketsAcrossWraparound() {
        for (int seq = 65_500; seq < 65_536 + 100; seq++) {
            store(seq & 0xFFFF);
        }
        nack(T0, 65_534, 65_535, 0, 1, 99);
        assertEquals(5, path.sent.size());
        assertArrayEquals(packet(65_535), path.sent.get(1));
        assertArrayEquals(packet(0), path.sent.get(2));
    }

    @Test
    void forgetsPacketsOnceTheirSlotIsReused() {
        for (int seq = 0; seq < RetransmissionCache.SLOTS + 10; seq++) {
            store(seq);
        }
        assertEquals(0, nack(T0, 0, 9));
        assertEquals(0, nack(T0, RetransmissionCache.SLOTS + 10, 40_000)); // never sent
        nack(T0, 10, RetransmissionCache.SLOTS + 9);
        assertEquals(2, path.sent.size());
    }

    @Test
    void resendsOnePacketAtMostOncePer10Ms() {
        store(7);
        store(8);
        nack(T0, 7);
        nack(T0 + TimeUnit.MILLISECONDS.toNanos(9), 7, 7, 8);
        assertEquals(2, path.sent.size(), "7 once, then only 8");
        nack(T0 + RetransmissionCache.MIN_RESEND_INTERVAL_NANOS, 7);
        assertEquals(3, path.sent.size());
        // A new packet in the slot may be resent at once.
        store(7 + RetransmissionCache.SLOTS);
        nack(T0 + RetransmissionCache.MIN_RESEND_INTERVAL_NANOS, 7 + RetransmissionCache.SLOTS);
        assertEquals(4, path.sent.size());
    }

    @Test
    void doesNotKeepPacketsLargerThanASlot() {
        store(5);
        cache.store(5, new byte[101], 0, 101);
        assertEquals(0, nack(T0, 5));
    }
}
