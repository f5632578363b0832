package io.jellyfish.webrtc.srtp;

import java.util.Arrays;

/**
 * Sliding replay window over 48-bit SRTP or 31-bit SRTCP indices (RFC 3711 3.3.2), kept as a
 * circular bitmap so that advancing costs O(advance) instead of shifting a multi-word mask.
 * A wide window lets NACK-triggered retransmissions of a high-rate video stream through.
 */
final class ReplayWindow {
    private final long[] seen;
    private final int size;
    private long highest = -1;

    /** {@code size} must be a power of two and at least 64. */
    ReplayWindow(int size) {
        if (size < 64 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("window size must be a power of two >= 64: " + size);
        }
        this.size = size;
        this.seen = new long[size / 64];
    }

    /** The highest index accepted so far, or -1 before the first one. */
    long highest() {
        return highest;
    }

    /** True if {@code index} was already accepted or is too old to tell. */
    boolean rejects(long index) {
        if (index > highest) {
            return false;
        }
        return highest - index >= size || isSet(index);
    }

    /** Records an authenticated index; call only after {@link #rejects} returned false. */
    void accept(long index) {
        if (index > highest) {
            if (highest < 0 || index - highest >= size) {
                Arrays.fill(seen, 0L);
            } else {
                // Slots between the old and the new highest held indices that just left the window.
                for (long stale = highest + 1; stale < index; stale++) {
                    clear(stale);
                }
            }
            highest = index;
        }
        set(index);
    }

    private boolean isSet(long index) {
        int slot = (int) (index & (size - 1));
        return (seen[slot >>> 6] & (1L << slot)) != 0;
    }

    private void set(long index) {
        int slot = (int) (index & (size - 1));
        seen[slot >>> 6] |= 1L << slot;
    }

    private void clear(long index) {
        int slot = (int) (index & (size - 1));
        seen[slot >>> 6] &= ~(1L << slot);
    }
}
