package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SequenceGapsTest {

    private final SequenceGaps gaps = new SequenceGaps();
    private final int[] missing = new int[SequenceGaps.MAX_REPORTED];

    private int[] receive(int sequenceNumber) {
        return Arrays.copyOf(missing, gaps.onPacket(sequenceNumber, missing));
    }

    @Test
    void reportsTheNumbersAGapSkippedOnce() {
        assertArrayEquals(new int[0], receive(100));
        assertArrayEquals(new int[0], receive(101));
        assertArrayEquals(new int[] {102, 103, 104}, receive(105));
        // The retransmissions (and plain reordering) fill the gap without another report.
        assertArrayEquals(new int[0], receive(103));
        assertArrayEquals(new int[0], receive(102));
        assertArrayEquals(new int[0], receive(105));
        assertArrayEquals(new int[0], receive(106));
    }

    @Test
    void followsWraparound() {
        receive(65533);
        assertArrayEquals(new int[] {65534, 65535, 0}, receive(1));
        assertArrayEquals(new int[0], receive(2));
    }

    @Test
    void treatsHugeJumpsEitherWayAsARestart() {
        receive(10_000);
        assertArrayEquals(new int[0], receive(10_000 + SequenceGaps.MAX_GAP + 1));
        assertArrayEquals(new int[] {11_002}, receive(11_003));

        assertArrayEquals(new int[0], receive(500));
        assertArrayEquals(new int[] {501}, receive(502));
        // Half the number space away: the unwrapper reads it as old, yet it is a new numbering too.
        assertArrayEquals(new int[0], receive(40_000));
        assertArrayEquals(new int[] {40_001}, receive(40_002));
    }

    @Test
    void reportsAtMostOneNackWorthTheMostRecentNumbers() {
        receive(0);
        int[] reported = receive(501);
        assertEquals(SequenceGaps.MAX_REPORTED, reported.length);
        assertEquals(500 - SequenceGaps.MAX_REPORTED + 1, reported[0]);
        assertEquals(500, reported[reported.length - 1]);

        byte[] nack = new byte[Rtcp.FEEDBACK_HEADER_LENGTH + 4 * 16];
        int length = Rtcp.writeNack(nack, 0, 1, 0x22222222L, reported, reported.length);
        assertEquals(nack.length, length);
        int[] parsed = new int[SequenceGaps.MAX_REPORTED];
        assertEquals(reported.length, Rtcp.readNack(nack, 0, length, parsed));
        assertArrayEquals(reported, parsed);
    }
}
