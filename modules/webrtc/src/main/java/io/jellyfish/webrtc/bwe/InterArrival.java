package io.jellyfish.webrtc.bwe;

/**
 * Groups packets into bursts (sent within 5 ms of the group's first) and, when a group completes,
 * yields its send and arrival time differences to the group before: the inter-group delay
 * variation of GCC (draft-ietf-rmcat-gcc-02 5.2, libwebrtc's InterArrivalDelta).
 */
final class InterArrival {
    static final long GROUP_LENGTH_MICROS = 5_000;
    /** Packets arriving this close after the group, yet sent later, were queued together: same burst. */
    static final long BURST_DELTA_MICROS = 5_000;
    static final long MAX_BURST_MICROS = 100_000;

    private boolean hasCurrent;
    private boolean hasPrevious;
    private long firstSend;
    private long lastSend;
    private long firstArrival;
    private long lastArrival;
    private long previousLastSend;
    private long previousLastArrival;
    private long sendDelta;
    private long arrivalDelta;

    /**
     * Adds one received packet (times in microseconds, send and arrival clocks independent).
     *
     * @return true if a group just completed: {@link #sendDeltaMicros} and {@link #arrivalDeltaMicros} are new
     */
    boolean onPacket(long sendMicros, long arrivalMicros) {
        if (!hasCurrent) {
            startGroup(sendMicros, arrivalMicros);
            return false;
        }
        if (sendMicros < firstSend) {
            return false; // reordered: it belongs to a group already measured
        }
        if (!startsNewGroup(sendMicros, arrivalMicros)) {
            lastSend = Math.max(lastSend, sendMicros);
            lastArrival = Math.max(lastArrival, arrivalMicros);
            return false;
        }
        boolean computed = false;
        if (hasPrevious) {
            sendDelta = lastSend - previousLastSend;
            arrivalDelta = lastArrival - previousLastArrival;
            computed = arrivalDelta >= 0; // groups arriving out of order say nothing about queuing
        }
        previousLastSend = lastSend;
        previousLastArrival = lastArrival;
        hasPrevious = true;
        startGroup(sendMicros, arrivalMicros);
        return computed;
    }

    long sendDeltaMicros() {
        return sendDelta;
    }

    long arrivalDeltaMicros() {
        return arrivalDelta;
    }

    private void startGroup(long sendMicros, long arrivalMicros) {
        hasCurrent = true;
        firstSend = sendMicros;
        lastSend = sendMicros;
        firstArrival = arrivalMicros;
        lastArrival = arrivalMicros;
    }

    private boolean startsNewGroup(long sendMicros, long arrivalMicros) {
        long arrivalGap = arrivalMicros - lastArrival;
        long sendGap = sendMicros - lastSend;
        boolean burst = sendGap == 0 || (arrivalGap - sendGap < 0 && arrivalGap <= BURST_DELTA_MICROS
                && arrivalMicros - firstArrival < MAX_BURST_MICROS);
        return !burst && sendMicros - firstSend > GROUP_LENGTH_MICROS;
    }
}
