package io.jellyfish.webrtc.rtp;

/**
 * Extends 16-bit RTP sequence numbers to a monotonic 64-bit index (the SRTP ROC idea, RFC 3711
 * 3.3.1): each number is placed in the 65536-wide cycle that puts it closest to the highest
 * index seen, so wraparound and moderate reordering both come out right. The first number maps
 * to itself; a reordered one from before it may map below zero.
 */
public final class SequenceUnwrapper {

    private boolean started;
    private long highest;

    public long unwrap(int sequenceNumber) {
        int seq = sequenceNumber & 0xFFFF;
        if (!started) {
            started = true;
            highest = seq;
            return seq;
        }
        long candidate = (highest & ~0xFFFFL) | seq;
        if (candidate - highest > 0x8000) {
            candidate -= 0x10000;
        } else if (highest - candidate > 0x8000) {
            candidate += 0x10000;
        }
        if (candidate > highest) {
            highest = candidate;
        }
        return candidate;
    }

    /** The highest index returned so far. */
    public long highest() {
        return highest;
    }

    /** Forgets the stream: the next number maps to itself again. */
    public void reset() {
        started = false;
        highest = 0;
    }
}
