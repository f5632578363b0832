package io.jellyfish.webrtc.rtp;

/**
 * Rewrites one outbound video stream's sequence numbers and timestamps so the subscriber sees a
 * single continuous stream across simulcast layer switches (webrtc.md 5.2, 5.6). One instance per
 * subscriber and track; not thread-safe.
 *
 * <p>The caller feeds only packets of the layer it currently forwards. A packet from a new source
 * SSRC switches to it if it is the first packet of a keyframe, and is dropped otherwise (this is
 * also the start condition). At a switch the sequence number continues at last+1, and the
 * timestamp advances by the wall-clock time since the last forwarded packet (at least 1 tick).
 * Within a source the offsets are constant, so gaps are preserved for NACK; duplicates and
 * packets older than the switch point are dropped.
 *
 * <p>Padding-only probes (webrtc.md 5.6) take sequence numbers of their own right after a frame:
 * {@link #nextPaddingSequenceNumber()} shifts the offset for later packets, and late packets from
 * before such a boundary keep the offset they had, so nothing collides and no gap appears.
 */
public final class RtpMunger {

    /** How far behind the newest packet duplicates are still recognized. */
    private static final int HISTORY = 64;
    private static final long TIMESTAMP_MASK = 0xFFFF_FFFFL;
    /** How many padding boundaries are remembered for mapping late packets; older ones are dropped. */
    private static final int PADDING_BOUNDARIES = 16;

    private final int clockRate;
    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    private boolean started;
    private long sourceSsrc;
    private long sequenceOffset;
    private long timestampOffset;
    private long switchPoint;
    private long highestInput;
    /** Bit i set: input index {@code highestInput - i} was forwarded. */
    private long forwarded;
    private long lastOutputSequence = Long.MIN_VALUE;
    private long lastOutputTimestamp;
    private long lastForwardMillis;
    private int sequenceNumber;
    private long timestamp;
    private boolean switched;
    /** Whether the last munged packet was forwarded as the newest one, so padding may follow it. */
    private boolean paddable;
    /** Ring of (input index padding followed, padding count), oldest first from {@code boundaryTotal - stored}. */
    private final long[] boundaryIndex = new long[PADDING_BOUNDARIES];
    private final int[] boundaryPadding = new int[PADDING_BOUNDARIES];
    /** Boundaries since the last switch; beyond the ring's size the oldest are forgotten. */
    private long boundaryTotal;

    public RtpMunger(int clockRate) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        this.clockRate = clockRate;
    }

    /**
     * Maps one packet. On {@code true}, {@link #sequenceNumber()} and {@link #timestamp()} hold the
     * values to write; on {@code false} the packet must not be forwarded.
     *
     * @param firstPacketOfKeyframe e.g. {@link Vp8Payload#isKeyframe()} or {@link H264Payload#isKeyframe}
     */
    public boolean munge(long ssrc, int sequenceNumber, long timestamp, boolean firstPacketOfKeyframe, long nowMillis) {
        switched = false;
        paddable = false;
        if (!started || ssrc != sourceSsrc) {
            if (!firstPacketOfKeyframe) {
                return false;
            }
            switchTo(ssrc, sequenceNumber, timestamp, nowMillis);
        }
        long index = unwrapper.unwrap(sequenceNumber);
        if (index < switchPoint) {
            return false;
        }
        long offset = offsetFor(index);
        if (offset == Long.MIN_VALUE || !markForwarded(index)) {
            return false;
        }
        long output = index + offset;
        this.sequenceNumber = (int) (output & 0xFFFF);
        this.timestamp = (timestamp + timestampOffset) & TIMESTAMP_MASK;
        if (output > lastOutputSequence) {
            lastOutputSequence = output;
            lastOutputTimestamp = this.timestamp;
            paddable = true;
        }
        lastForwardMillis = nowMillis;
        return true;
    }

    private void switchTo(long ssrc, int sequenceNumber, long timestamp, long nowMillis) {
        unwrapper.reset();
        long index = sequenceNumber & 0xFFFF;
        if (started) {
            sequenceOffset = lastOutputSequence + 1 - index;
            long elapsedTicks = Math.max(0, nowMillis - lastForwardMillis) * clockRate / 1000;
            timestampOffset = (lastOutputTimestamp + Math.max(1, elapsedTicks) - timestamp) & TIMESTAMP_MASK;
        }
        started = true;
        sourceSsrc = ssrc;
        switchPoint = index;
        highestInput = index - 1;
        forwarded = 0;
        switched = true;
        boundaryTotal = 0;
    }

    /**
     * The sequence offset of input {@code index}: the current one minus the padding inserted after
     * it, or {@code Long.MIN_VALUE} if it precedes boundaries no longer remembered.
     */
    private long offsetFor(long index) {
        long offset = sequenceOffset;
        int stored = (int) Math.min(boundaryTotal, PADDING_BOUNDARIES);
        for (int i = 1; i <= stored; i++) {
            int slot = (int) ((boundaryTotal - i) % PADDING_BOUNDARIES);
            if (boundaryIndex[slot] < index) {
                return offset;
            }
            offset -= boundaryPadding[slot];
        }
        return boundaryTotal > PADDING_BOUNDARIES ? Long.MIN_VALUE : offset;
    }

    /** Whether a padding packet may take the next sequence number: the last munged packet was the newest. */
    public boolean paddable() {
        return paddable;
    }

    /**
     * Takes the next outbound sequence number for a padding-only packet sent right after the last
     * forwarded one (the caller checks that it ended a frame); later packets move up by one.
     *
     * @throws IllegalStateException unless {@link #paddable()}
     */
    public int nextPaddingSequenceNumber() {
        if (!paddable) {
            throw new IllegalStateException("padding only right after the newest forwarded packet");
        }
        int newest = (int) ((boundaryTotal - 1) % PADDING_BOUNDARIES);
        if (boundaryTotal == 0 || boundaryIndex[newest] != highestInput) {
            newest = (int) (boundaryTotal % PADDING_BOUNDARIES);
            boundaryIndex[newest] = highestInput;
            boundaryPadding[newest] = 0;
            boundaryTotal++;
        }
        boundaryPadding[newest]++;
        sequenceOffset++;
        lastOutputSequence++;
        return (int) (lastOutputSequence & 0xFFFF);
    }

    /** Records {@code index} as forwarded; false for a duplicate or one too old to tell. */
    private boolean markForwarded(long index) {
        if (index > highestInput) {
            long shift = index - highestInput;
            forwarded = shift >= HISTORY ? 1 : (forwarded << shift) | 1;
            highestInput = index;
            return true;
        }
        long behind = highestInput - index;
        if (behind >= HISTORY || (forwarded & (1L << behind)) != 0) {
            return false;
        }
        forwarded |= 1L << behind;
        return true;
    }

    /** The outbound sequence number of the last forwarded packet. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** The outbound timestamp of the last forwarded packet. */
    public long timestamp() {
        return timestamp;
    }

    /** Whether the last forwarded packet started a new source (then also reset VP8 picture offsets). */
    public boolean switched() {
        return switched;
    }

    /** The SSRC of the source currently forwarded, or -1 before the first keyframe. */
    public long sourceSsrc() {
        return started ? sourceSsrc : -1;
    }
}
