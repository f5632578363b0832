package io.jellyfish.webrtc.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SequenceUnwrapperTest {

    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();

    @Test
    void extendsAcrossWraparound() {
        assertEquals(65534, unwrapper.unwrap(65534));
        assertEquals(65535, unwrapper.unwrap(65535));
        assertEquals(65536, unwrapper.unwrap(0));
        assertEquals(65537, unwrapper.unwrap(1));
    }

    @Test
    void placesReorderedPacketsAroundTheWrap() {
        assertEquals(65535, unwrapper.unwrap(65535));
        assertEquals(65537, unwrapper.unwrap(1));
        assertEquals(65536, unwrapper.unwrap(0));
        assertEquals(65534, unwrapper.unwrap(65534));
        assertEquals(65537, unwrapper.highest());
    }

    @Test
    void aPacketFromBeforeTheFirstMayGoNegative() {
        assertEquals(2, unwrapper.unwrap(2));
        assertEquals(-1, unwrapper.unwrap(65535));
        assertEquals(2, unwrapper.highest());
    }

    @Test
    void countsManyCycles() {
        long expected = 0;
        for (int step = 0; step < 4 * 65536; step += 1000) {
            expected = step;
            assertEquals(expected, unwrapper.unwrap(step & 0xFFFF));
        }
        assertEquals(3, unwrapper.highest() >>> 16);
        unwrapper.reset();
        assertEquals(7, unwrapper.unwrap(7));
    }
}
