package io.jellyfish.webrtc.rtp;

/**
 * The sequence numbers missing from one received RTP stream, for Generic NACKs (RFC 4585 6.2.1).
 * A packet ahead of the highest one seen reports the numbers it skipped; reordered and
 * retransmitted packets (behind the highest) report nothing, so every gap is reported once. A jump
 * of more than {@link #MAX_GAP} either way is a stream restart, not loss. Not thread-safe.
 */
public final class SequenceGaps {

    /** Beyond this the sender restarted its numbering (or lost far more than it could resend). */
    public static final int MAX_GAP = 1000;
    /** What one Generic NACK can carry for a consecutive run: 16 PID/BLP entries of 17 numbers. */
    public static final int MAX_REPORTED = 16 * 17;

    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    private boolean started;

    /**
     * Records one received sequence number.
     *
     * @param missing receives the skipped numbers, ascending; when more were skipped than it holds,
     *                the most recent ones (older ones are the least likely to be repaired in time)
     * @return how many numbers were written to {@code missing}
     */
    public int onPacket(int sequenceNumber, int[] missing) {
        if (!started) {
            started = true;
            unwrapper.unwrap(sequenceNumber);
            return 0;
        }
        long highest = unwrapper.highest();
        long index = unwrapper.unwrap(sequenceNumber);
        long ahead = index - highest;
        if (ahead < -MAX_GAP) {
            // The unwrapper would keep the old highest and see the new numbering as late forever.
            unwrapper.reset();
            unwrapper.unwrap(sequenceNumber);
            return 0;
        }
        if (ahead <= 1 || ahead > MAX_GAP) {
            return 0;
        }
        int count = (int) Math.min(ahead - 1, missing.length);
        long first = index - count;
        for (int i = 0; i < count; i++) {
            missing[i] = (int) ((first + i) & 0xFFFF);
        }
        return count;
    }
}
