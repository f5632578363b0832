package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpMungerTest {

    private static final long LOW = 0x1111L;
    private static final long HIGH = 0x2222L;
    private final RtpMunger munger = new RtpMunger(90_000);

    @Test
    void startsAtAKeyframeAndPassesTheFirstLayerThrough() {
        assertFalse(munger.munge(LOW, 10, 1000, false, 0));
        assertEquals(-1, munger.sourceSsrc());
        assertForwarded(LOW, 11, 3000, true, 0, 11, 3000);
        assertTrue(munger.switched());
        assertForwarded(LOW, 12, 3000, false, 1, 12, 3000);
        assertFalse(munger.switched());
        assertForwarded(LOW, 15, 6000, false, 33, 15, 6000); // the gap stays for NACK
        assertForwarded(LOW, 13, 3000, false, 34, 13, 3000); // late packet inside the gap
        assertFalse(munger.munge(LOW, 13, 3000, false, 35));   // duplicate
        assertFalse(munger.munge(LOW, 10, 1000, false, 36));   // older than the start point
    }

    @Test
    void switchingLayersContinuesSequenceAndTimestamp() {
        assertForwarded(LOW, 100, 50_000, true, 1_000, 100, 50_000);
        assertForwarded(LOW, 101, 53_000, false, 1_033, 101, 53_000);
        // The high layer runs its own numbering; it is taken at its first keyframe packet.
        assertFalse(munger.munge(HIGH, 7000, 900_000, false, 1_040));
        assertForwarded(HIGH, 7001, 903_000, true, 1_066, 102, 53_000 + 33 * 90);
        assertTrue(munger.switched());
        assertEquals(HIGH, munger.sourceSsrc());
        assertForwarded(HIGH, 7002, 903_000, false, 1_067, 103, 53_000 + 33 * 90);
        assertForwarded(HIGH, 7003, 906_000, false, 1_100, 104, 53_000 + 33 * 90 + 3000);
        // Older than the switch point, and the old layer's leftovers, are dropped.
        assertFalse(munger.munge(HIGH, 7000, 900_000, false, 1_101));
        assertFalse(munger.munge(LOW, 102, 56_000, false, 1_102));
    }

    @Test
    void aSwitchAdvancesTheTimestampByAtLeastOneTick() {
        assertForwarded(LOW, 1, 0xFFFF_FFF0L, true, 500, 1, 0xFFFF_FFF0L);
        assertForwarded(HIGH, 9, 77, true, 500, 2, 0xFFFF_FFF1L);
        assertForwarded(LOW, 300, 5, true, 510, 3, (0xFFFF_FFF1L + 900) & 0xFFFF_FFFFL); // wraps
    }

    @Test
    void outboundSequenceWrapsAndInboundWrapIsFollowed() {
        assertForwarded(LOW, 65534, 0, true, 0, 65534, 0);
        assertForwarded(LOW, 65535, 0, false, 0, 65535, 0);
        assertForwarded(LOW, 0, 3000, false, 0, 0, 3000);
        assertForwarded(HIGH, 500, 10, true, 100, 1, 3000 + 9000);
        assertForwarded(HIGH, 501, 10, false, 100, 2, 3000 + 9000);
    }

    @Test
    void rejectsANonPositiveClockRate() {
        assertThrows(IllegalArgumentException.class, () -> new RtpMunger(0));
    }

    private void assertForwarded(long ssrc, int seq, long ts, boolean keyframe, long now, int expectedSeq, long expectedTs) {
        assertTrue(munger.munge(ssrc, seq, ts, keyframe, now), "packet " + seq + " should be forwarded");
        assertEquals(expectedSeq, munger.sequenceNumber());
        assertEquals(expectedTs, munger.timestamp());
    }

    @Test
    void paddingTakesTheNextNumbersAndLaterPacketsFollowIt() {
        assertFalse(munger.paddable());
        assertForwarded(LOW, 10, 3000, true, 0, 10, 3000);
        assertTrue(munger.paddable());
        assertEquals(11, munger.nextPaddingSequenceNumber());
        assertEquals(12, munger.nextPaddingSequenceNumber());
        assertEquals(3000, munger.timestamp());
        assertForwarded(LOW, 11, 6000, false, 33, 13, 6000);
        assertForwarded(LOW, 13, 6000, false, 34, 15, 6000); // the input gap stays a gap
        assertEquals(16, munger.nextPaddingSequenceNumber());
        assertForwarded(LOW, 14, 9000, false, 66, 17, 9000);
        // A switch continues after the padding.
        assertForwarded(HIGH, 500, 1, true, 100, 18, 9000 + 34 * 90);
    }

    @Test
    void latePacketsKeepTheNumbersTheyHadBeforeThePadding() {
        assertForwarded(LOW, 10, 3000, true, 0, 10, 3000);
        assertForwarded(LOW, 12, 3000, false, 1, 12, 3000);
        assertEquals(13, munger.nextPaddingSequenceNumber());
        assertForwarded(LOW, 11, 3000, false, 2, 11, 3000); // from before the padding
        assertFalse(munger.paddable()); // not the newest: no padding after it
        assertThrows(IllegalStateException.class, munger::nextPaddingSequenceNumber);
        assertForwarded(LOW, 14, 6000, false, 3, 15, 6000);
        assertForwarded(LOW, 13, 6000, false, 4, 14, 6000); // after the padding
    }

    @Test
    void packetsOlderThanTheRememberedPaddingAreDropped() {
        assertForwarded(LOW, 10, 3000, true, 0, 10, 3000);
        int input = 12; // 11 is lost for now
        for (int i = 0; i < 17; i++) {
            assertTrue(munger.munge(LOW, input++, 3000, false, 1));
            munger.nextPaddingSequenceNumber();
        }
        assertFalse(munger.munge(LOW, 11, 3000, false, 2)); // its offset is no longer known
    }
}
