package io.jellyfish.webrtc.bwe;

import io.jellyfish.webrtc.rtp.TransportFeedback;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The media-sender side of transport-wide congestion control for one subscriber session
 * (webrtc.md 5.2, 5.5): every forwarded packet gets the session's next transport-wide sequence
 * number, its send time and size are kept in a ring, and the subscriber's transport-cc feedback
 * turns them into packet results for the {@link BandwidthEstimator}.
 *
 * <p>{@link #stamp} runs concurrently on the listener threads of all the subscriber's publishers,
 * without a lock: each call claims its number atomically and owns that number's ring slot, whose
 * record it publishes by writing the number into {@code recorded} last (a seqlock per slot).
 * {@link #onFeedback} runs on the subscriber's listener thread, one call at a time; it uses a
 * slot only while it holds the number it asks for, and keeps what was reported in arrays of its own.
 */
public final class TwccSender {
    /** A one-byte-header block holding just the 2-byte sequence number, padded to 4 bytes. */
    public static final int EXTENSION_BLOCK_LENGTH = 8;
    static final int HISTORY = 8192;
    /** Marks a slot whose record is being (re)written, and a slot nothing was reported for. */
    private static final long NONE = -1;
    private static final VarHandle RECORDED = MethodHandles.arrayElementVarHandle(long[].class);

    // Written by the stamping thread that owns the slot's number.
    private final long[] sendMicros = new long[HISTORY];
    private final int[] sizes = new int[HISTORY];
    /** The number whose record the slot holds, or NONE while it is written. */
    private final long[] recorded = filled(NONE);
    // Feedback thread only: the number last reported lost, and received, per slot.
    private final long[] reportedLost = filled(NONE);
    private final long[] reportedReceived = filled(NONE);
    private final BandwidthEstimator estimator = new BandwidthEstimator();
    private final TransportFeedback.Reader reader = new TransportFeedback.Reader();
    private final TransportFeedback.Visitor onStatus = this::onStatus;
    private volatile int extensionId;
    private volatile double estimateBps = -1;
    private volatile double allocationLimitBps = -1;
    /** The next transport-wide sequence number, unwrapped. */
    private final AtomicLong nextSequence = new AtomicLong();
    private boolean referenceKnown;
    /** The feedback reference time (64 ms units), unwrapped from its 24 bits. */
    private long referenceTime;
    private long referenceMicros;

    /** The subscriber's transport-cc extension id from the answer; 0 while not negotiated. */
    public int extensionId() {
        return extensionId;
    }

    public void setExtensionId(int id) {
        extensionId = id;
    }

    /**
     * Writes the extension block (RFC 8285 one-byte form) with the next sequence number at
     * {@code packet[offset + headerLength]}, sets the X bit, and records the packet as sent.
     * The caller reserved {@link #EXTENSION_BLOCK_LENGTH} bytes there and cleared any other block.
     *
     * @param id           the extension id, as read by the caller from {@link #extensionId()}
     * @param packetLength the whole RTP packet's length, block included
     */
    public void stamp(byte[] packet, int offset, int headerLength, int id, int packetLength, long nowNanos) {
        long index = nextSequence.getAndIncrement();
        int slot = slot(index);
        // Invalidate before rewriting, so a feedback reading the slot's previous number sees the change.
        RECORDED.setOpaque(recorded, slot, NONE);
        VarHandle.storeStoreFence();
        sendMicros[slot] = TimeUnit.NANOSECONDS.toMicros(nowNanos);
        sizes[slot] = packetLength;
        RECORDED.setRelease(recorded, slot, index);
        int sequence = (int) (index & 0xFFFF);
        int at = offset + headerLength;
        packet[at] = (byte) 0xBE;
        packet[at + 1] = (byte) 0xDE;
        packet[at + 2] = 0;
        packet[at + 3] = 1; // one 32-bit word of elements
        packet[at + 4] = (byte) ((id << 4) | 1); // data length 2, written minus one
        packet[at + 5] = (byte) (sequence >>> 8);
        packet[at + 6] = (byte) sequence;
        packet[at + 7] = 0;
        packet[offset] |= 0x10;
    }

    /**
     * One transport-cc feedback packet from the subscriber, as delimited by the RTCP reader; one
     * call at a time (the subscriber's packets are handled one at a time).
     */
    public void onFeedback(byte[] buffer, int offset, int length, long nowNanos) {
        if (!reader.parse(buffer, offset, length)) {
            return;
        }
        int raw = reader.referenceTime();
        if (!referenceKnown) {
            referenceKnown = true;
            referenceTime = raw;
        } else {
            referenceTime += ((raw - (int) (referenceTime & 0xFFFFFF)) << 8) >> 8; // signed 24-bit difference
        }
        referenceMicros = referenceTime * TransportFeedback.REFERENCE_TIME_UNIT_MICROS;
        reader.forEach(onStatus);
        estimator.onFeedbackEnd(TimeUnit.NANOSECONDS.toMicros(nowNanos));
        estimateBps = estimator.estimateBps();
        allocationLimitBps = estimator.congested() ? estimateBps : -1;
    }

    /** The current estimate in bits/s, or a negative value until feedback arrived. */
    public double estimateBps() {
        return estimateBps;
    }

    /**
     * What the layer allocation may assume fits: the estimate once the link has shown congestion,
     * negative (no cap) before. Like the engine, which starts subscribers on their target layer and
     * steps down on evidence, rather than holding a new subscriber on the low layer while a
     * cautious start estimate grows.
     */
    public double allocationLimitBps() {
        return allocationLimitBps;
    }

    private void onStatus(int sequenceNumber, long arrivalOffsetMicros) {
        long highestSent = nextSequence.get() - 1;
        // The latest number sent with these 16 bits; anything older than the ring is forgotten.
        long index = highestSent - ((highestSent - sequenceNumber) & 0xFFFF);
        if (index < 0 || highestSent - index >= HISTORY) {
            return;
        }
        int slot = slot(index);
        if ((long) RECORDED.getAcquire(recorded, slot) != index) {
            return; // still being stamped, or already reused for a newer number
        }
        if (arrivalOffsetMicros == TransportFeedback.NOT_RECEIVED) {
            if (reportedLost[slot] != index && reportedReceived[slot] != index) {
                reportedLost[slot] = index;
                estimator.onPacketLost();
            }
        } else if (reportedReceived[slot] != index) {
            long sent = sendMicros[slot];
            int size = sizes[slot];
            VarHandle.acquireFence(); // the reads above happen before the check below
            if ((long) RECORDED.getOpaque(recorded, slot) != index) {
                return; // rewritten while read
            }
            // A packet first reported lost may arrive late: its delay still counts, its loss stays counted.
            reportedReceived[slot] = index;
            estimator.onPacketReceived(sent, size, referenceMicros + arrivalOffsetMicros);
        }
    }

    private static long[] filled(long value) {
        long[] slots = new long[HISTORY];
        Arrays.fill(slots, value);
        return slots;
    }

    private static int slot(long index) {
        return (int) (index & (HISTORY - 1));
    }
}
