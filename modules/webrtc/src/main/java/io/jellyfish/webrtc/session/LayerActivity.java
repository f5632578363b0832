package io.jellyfish.webrtc.session;

import java.util.concurrent.TimeUnit;

/**
 * Whether one simulcast layer is flowing (webrtc.md 5.6): active from its first packet; checked
 * once a second, it turns inactive after a second with fewer than 5 packets, and active again
 * only after 10 consecutive seconds with at least 5 each. Browsers pause layers without telling
 * the server, so this is the only way to know.
 *
 * <p>{@link #onPacket} runs on the publisher's packet thread and only bumps a counter it alone
 * writes; {@link #check} runs on the shared timer thread, which alone owns the verdict. No lock,
 * no allocation.
 */
final class LayerActivity {
    static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int MIN_PACKETS_PER_SECOND = 5;
    static final int SECONDS_TO_REACTIVATE = 10;
    private static final long NEVER = Long.MIN_VALUE;

    // ---- written by the packet thread only ----
    private volatile long packets;
    private volatile long firstPacketNanos = NEVER;

    // ---- written by the timer thread only ----
    private volatile boolean paused;
    private long packetsAtLastCheck;
    private long lastCheckNanos = NEVER;
    private int goodSeconds;

    void onPacket(long nowNanos) {
        if (firstPacketNanos == NEVER) {
            firstPacketNanos = nowNanos;
        }
        packets = packets + 1; // single writer: no lost updates
    }

    /** Flowing: it has started and the checks have not paused it. */
    boolean active() {
        return firstPacketNanos != NEVER && !paused;
    }

    /**
     * The once-a-second check; the window since the previous check only counts if the layer had
     * started before it began, so a layer is never judged on a partial first second.
     *
     * @return whether {@link #active()} changed
     */
    boolean check(long nowNanos) {
        long first = firstPacketNanos;
        long count = packets;
        boolean fullWindow = first != NEVER && lastCheckNanos != NEVER && lastCheckNanos >= first;
        long received = count - packetsAtLastCheck;
        packetsAtLastCheck = count;
        lastCheckNanos = nowNanos;
        if (!fullWindow) {
            return false;
        }
        boolean enough = received >= MIN_PACKETS_PER_SECOND;
        if (!paused) {
            if (!enough) {
                paused = true;
                goodSeconds = 0;
                return true;
            }
            return false;
        }
        goodSeconds = enough ? goodSeconds + 1 : 0;
        if (goodSeconds >= SECONDS_TO_REACTIVATE) {
            paused = false;
            return true;
        }
        return false;
    }
}
