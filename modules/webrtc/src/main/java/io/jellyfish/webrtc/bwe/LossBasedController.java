package io.jellyfish.webrtc.bwe;

/**
 * The loss-based rate of GCC (draft-ietf-rmcat-gcc-02 6, libwebrtc's SendSideBandwidthEstimation):
 * over 10% loss cuts it by half the loss fraction (at most every 300 ms), under 2% raises it by 8%
 * (at most once a second), in between it holds. Loss is measured over at least 20 packets.
 */
final class LossBasedController {
    static final double LOW_LOSS = 0.02;
    static final double HIGH_LOSS = 0.10;
    static final int MIN_PACKETS = 20;
    private static final long INCREASE_INTERVAL_MICROS = 1_000_000;
    private static final long DECREASE_INTERVAL_MICROS = 300_000;

    /**
     * Infinite while loss has not cut the rate, and again once it climbed back to the delay-based
     * rate: only then does it limit the estimate.
     */
    private double rateBps = Double.POSITIVE_INFINITY;
    private int lost;
    private int total;
    private long lastIncreaseMicros = Long.MIN_VALUE / 2;
    private long lastDecreaseMicros = Long.MIN_VALUE / 2;

    void onPacket(boolean received) {
        total++;
        if (!received) {
            lost++;
        }
    }

    /** Applies the loss measured since the last update, once enough packets were reported. */
    double update(double delayBasedBps, long nowMicros) {
        if (total < MIN_PACKETS) {
            return rateBps;
        }
        double fraction = (double) lost / total;
        lost = 0;
        total = 0;
        if (fraction > HIGH_LOSS && nowMicros - lastDecreaseMicros >= DECREASE_INTERVAL_MICROS) {
            rateBps = Math.min(rateBps, delayBasedBps) * (1 - 0.5 * fraction);
            lastDecreaseMicros = nowMicros;
        } else if (fraction < LOW_LOSS && nowMicros - lastIncreaseMicros >= INCREASE_INTERVAL_MICROS) {
            rateBps = rateBps * 1.08 + 1000;
            lastIncreaseMicros = nowMicros;
            if (rateBps >= delayBasedBps) {
                rateBps = Double.POSITIVE_INFINITY;
            }
        }
        return rateBps;
    }
}
