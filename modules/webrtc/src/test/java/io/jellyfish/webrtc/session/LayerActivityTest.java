package io.jellyfish.webrtc.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** webrtc.md 5.6: fewer than 5 packets in a second deactivates, 10 good seconds in a row reactivate. */
class LayerActivityTest {
    private static final long SECOND = LayerActivity.CHECK_INTERVAL_NANOS;
    private final LayerActivity activity = new LayerActivity();
    private long now = 5 * SECOND;

    @Test
    void inactiveUntilTheFirstPacketThenActiveAtOnce() {
        assertFalse(activity.active());
        activity.check(now);
        assertFalse(activity.active());
        activity.onPacket(now + 1);
        assertTrue(activity.active());
    }

    @Test
    void aPartialFirstSecondIsNotJudged() {
        activity.check(now);
        activity.onPacket(now + SECOND - 10); // one packet just before the next check
        assertFalse(activity.check(now + SECOND));
        assertTrue(activity.active());
    }

    @Test
    void fewerThanFivePacketsInASecondDeactivates() {
        start();
        assertFalse(second(5));
        assertTrue(activity.active());
        assertTrue(second(4));
        assertFalse(activity.active());
    }

    @Test
    void tenConsecutiveGoodSecondsReactivateAndABadOneRestartsTheCount() {
        start();
        second(0);
        assertFalse(activity.active());
        for (int i = 0; i < 9; i++) {
            assertFalse(second(30));
        }
        assertFalse(second(4)); // the tenth second falls short: start over
        for (int i = 0; i < 9; i++) {
            assertFalse(second(5));
            assertFalse(activity.active());
        }
        assertTrue(second(5));
        assertTrue(activity.active());
    }

    /** First packet, then the check that opens the first full window. */
    private void start() {
        activity.onPacket(now);
        now += SECOND / 2;
        activity.check(now);
    }

    /** {@code packets} packets during one second, then the check. */
    private boolean second(int packets) {
        for (int i = 0; i < packets; i++) {
            activity.onPacket(now + i);
        }
        now += SECOND;
        return activity.check(now);
    }
}
