package io.jellyfish.webrtc.bwe;

/**
 * The delay-based rate of GCC (draft-ietf-rmcat-gcc-02 5.5, libwebrtc's AimdRateController):
 * overuse cuts the rate to 85% of what the receiver acknowledged, normal delay grows it by 8% per
 * second up to 1.5 × acknowledged + 10 kbps, underuse holds it while queues drain.
 */
final class AimdRateController {
    private enum State { HOLD, INCREASE, DECREASE }

    static final double BETA = 0.85;
    static final double INCREASE_PER_SECOND = 1.08;
    private static final double MAX_STEP_SECONDS = 1.0;

    private final double minBps;
    private final double maxBps;
    private double rateBps;
    private State state = State.HOLD;
    private boolean initialized;
    private long lastUpdateMicros = Long.MIN_VALUE;

    AimdRateController(double startBps, double minBps, double maxBps) {
        this.rateBps = startBps;
        this.minBps = minBps;
        this.maxBps = maxBps;
    }

    /**
     * @param ackedBps the throughput the receiver acknowledged recently, or a negative value if unknown
     * @return the new delay-based rate in bits/s
     */
    double update(TrendlineEstimator.Usage usage, double ackedBps, long nowMicros) {
        if (!initialized && ackedBps > 0) {
            // The server forwards what publishers send and does not probe: the measured throughput
            // is the natural starting point.
            initialized = true;
            rateBps = Math.max(rateBps, ackedBps);
        }
        state = switch (usage) {
            case OVERUSING -> State.DECREASE;
            case UNDERUSING -> State.HOLD;
            case NORMAL -> state == State.HOLD ? State.INCREASE : state;
        };
        double elapsedSeconds = lastUpdateMicros == Long.MIN_VALUE ? 0
                : Math.min((nowMicros - lastUpdateMicros) / 1e6, MAX_STEP_SECONDS);
        lastUpdateMicros = nowMicros;
        switch (state) {
            case INCREASE -> {
                double limit = ackedBps > 0 ? 1.5 * ackedBps + 10_000 : maxBps;
                if (rateBps < limit) {
                    rateBps = Math.min(limit, rateBps * Math.pow(INCREASE_PER_SECOND, elapsedSeconds));
                }
            }
            case DECREASE -> {
                rateBps = Math.min(rateBps, BETA * (ackedBps > 0 ? ackedBps : rateBps));
                state = State.HOLD;
            }
            case HOLD -> {
            }
        }
        rateBps = Math.clamp(rateBps, minBps, maxBps);
        return rateBps;
    }
}
