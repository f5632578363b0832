package io.jellyfish.webrtc.bwe;

import io.jellyfish.webrtc.rtp.RtpPacket;
import io.jellyfish.webrtc.rtp.SequenceUnwrapper;
import io.jellyfish.webrtc.rtp.TransportFeedback;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The feedback side of transport-wide congestion control for one publisher (webrtc.md 5.1): the
 * arrival time of every packet by transport-wide sequence number, reported back in a transport-cc
 * feedback every 250 ms so that the browser's send-side estimator can ramp up.
 *
 * <p>Confined to the publisher's listener thread, except {@link #setExtensionId} (signalling).
 * Memory is a fixed ring: packets more than {@link #HISTORY} numbers behind the newest are given up.
 */
public final class TwccReceiver {
    /** webrtc.md 5.1: the engine's feedback interval. */
    public static final long FEEDBACK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    static final int HISTORY = 4096;

    private final long[] arrivalMicros = new long[HISTORY];
    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    private final TransportFeedback.Encoder encoder = new TransportFeedback.Encoder(HISTORY);
    private final long epochNanos;
    private volatile int extensionId;
    private boolean started;
    /** First (unwrapped) sequence number the next feedback reports. */
    private long windowStart;
    private long highest;
    private long lastFeedbackNanos;
    private long mediaSsrc;
    private int feedbackCount;

    public TwccReceiver(long nowNanos) {
        this.epochNanos = nowNanos;
        this.lastFeedbackNanos = nowNanos;
        Arrays.fill(arrivalMicros, TransportFeedback.NOT_RECEIVED);
    }

    /** The publisher's transport-cc extension id from the answer; 0 turns feedback off. */
    public void setExtensionId(int id) {
        extensionId = id;
    }

    /** Records one decrypted packet; to be called for every packet, before any is dropped. */
    public void onPacket(RtpPacket packet, long nowNanos) {
        int id = extensionId;
        if (id <= 0) {
            return;
        }
        int at = packet.extensionOffset(id);
        if (at < 0 || packet.extensionLength(id) != 2) {
            return;
        }
        byte[] buffer = packet.buffer();
        long index = unwrapper.unwrap(((buffer[at] & 0xFF) << 8) | (buffer[at + 1] & 0xFF));
        mediaSsrc = packet.ssrc();
        record(index, Math.max(0, nowNanos - epochNanos) / 1000);
    }

    private void record(long index, long arrival) {
        if (!started) {
            started = true;
            windowStart = index;
            highest = index;
        } else if (index > highest) {
            // Slots of skipped numbers still hold arrivals from HISTORY numbers ago: clear them.
            for (long seq = Math.max(highest + 1, index - HISTORY + 1); seq < index; seq++) {
                arrivalMicros[slot(seq)] = TransportFeedback.NOT_RECEIVED;
            }
            highest = index;
            windowStart = Math.max(windowStart, highest - HISTORY + 1);
        } else if (index <= highest - HISTORY) {
            return;
        } else if (index < windowStart) {
            windowStart = index; // arrived after the feedback that reported it lost: report it again
        }
        arrivalMicros[slot(index)] = arrival;
    }

    /** Whether a feedback is due: 250 ms since the last one and packets to report. */
    public boolean feedbackDue(long nowNanos) {
        return started && windowStart <= highest && nowNanos - lastFeedbackNanos >= FEEDBACK_INTERVAL_NANOS;
    }

    /**
     * Writes the next feedback packet for the unreported packets and moves past them; call until
     * it returns 0 (usually once: a packet covers hundreds of statuses).
     *
     * @return the RTCP packet length, or 0 when everything was reported
     */
    public int writeFeedback(byte[] dst, int offset, long senderSsrc, long nowNanos) {
        lastFeedbackNanos = nowNanos;
        if (!started || windowStart > highest) {
            return 0;
        }
        int length = encoder.encode(dst, offset, senderSsrc, mediaSsrc, feedbackCount, arrivalMicros, windowStart,
                (int) (highest - windowStart + 1));
        if (length == 0) {
            windowStart = highest + 1;
            return 0;
        }
        feedbackCount = (feedbackCount + 1) & 0xFF;
        windowStart += encoder.encodedCount();
        return length;
    }

    private static int slot(long index) {
        return (int) (index & (HISTORY - 1));
    }
}
