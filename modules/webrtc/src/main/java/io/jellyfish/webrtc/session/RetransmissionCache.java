package io.jellyfish.webrtc.session;

import io.jellyfish.webrtc.turn.RelayPath;

import java.util.concurrent.TimeUnit;

/**
 * The last packets sent on one outbound stream, for answering the subscriber's Generic NACKs
 * (webrtc.md 5.4): slot {@code seq mod 300} of a ring preallocated once, holding the packet as
 * sent, i.e. already SRTP-protected. Resending those identical bytes is correct: the receiver's
 * replay protection only drops copies it already has, and the packet index is not reused with
 * different content.
 *
 * <p>Thread-safe, under its own lock: one per outbound stream, taken by the one publisher thread
 * that stores into it and by the subscriber's NACK handling, never by the other streams' senders.
 */
final class RetransmissionCache {
    static final int SLOTS = 300;
    /** webrtc.md 5.4: one packet is resent at most this often, however many NACKs name it. */
    static final long MIN_RESEND_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long NEVER = Long.MIN_VALUE / 2;

    private final int slotSize;
    private final byte[] packets;
    private final int[] sequenceNumbers = new int[SLOTS];
    /** 0 marks an empty slot. */
    private final int[] lengths = new int[SLOTS];
    private final long[] lastResendNanos = new long[SLOTS];

    /** @param maxPacketLength the longest protected packet the stream sends */
    RetransmissionCache(int maxPacketLength) {
        this.slotSize = maxPacketLength;
        this.packets = new byte[SLOTS * maxPacketLength];
    }

    /** Keeps the packet just sent as {@code sequenceNumber}, evicting whatever shared its slot. */
    synchronized void store(int sequenceNumber, byte[] packet, int offset, int length) {
        int slot = (sequenceNumber & 0xFFFF) % SLOTS;
        if (length > slotSize) {
            lengths[slot] = 0;
            return;
        }
        System.arraycopy(packet, offset, packets, slot * slotSize, length);
        sequenceNumbers[slot] = sequenceNumber & 0xFFFF;
        lengths[slot] = length;
        lastResendNanos[slot] = NEVER;
    }

    /**
     * Resends through {@code path} every NACKed packet still cached and not resent in the last
     * 10 ms; numbers already evicted are skipped (the receiver gives up on them).
     *
     * @return the bytes sent, for the egress counter
     */
    synchronized int resend(int[] sequenceNumbers, int count, long now, RelayPath path) {
        int sent = 0;
        for (int i = 0; i < count; i++) {
            int sequenceNumber = sequenceNumbers[i] & 0xFFFF;
            int slot = sequenceNumber % SLOTS;
            int length = lengths[slot];
            if (length == 0 || this.sequenceNumbers[slot] != sequenceNumber
                    || now - lastResendNanos[slot] < MIN_RESEND_INTERVAL_NANOS) {
                continue;
            }
            lastResendNanos[slot] = now;
            if (path.send(packets, slot * slotSize, length)) {
                sent += length;
            }
        }
        return sent;
    }
}
