package io.jellyfish.webrtc.bwe;

/**
 * A GCC-like estimate of one subscriber's downlink (webrtc.md 5.5): packet results from
 * transport-cc feedback feed the delay-based detector and rate ({@link InterArrival},
 * {@link TrendlineEstimator}, {@link AimdRateController}) and the loss-based rate
 * ({@link LossBasedController}); the estimate is the smaller of the two. Not thread-safe.
 */
public final class BandwidthEstimator {
    public static final double START_BPS = 300_000;
    static final double MIN_BPS = 30_000;
    static final double MAX_BPS = 50_000_000;
    /** Acknowledged throughput is measured over windows of this much arrival time. */
    private static final long ACKED_WINDOW_MICROS = 500_000;

    private final InterArrival interArrival = new InterArrival();
    private final TrendlineEstimator trendline = new TrendlineEstimator();
    private final AimdRateController delayBased;
    private final LossBasedController lossBased = new LossBasedController();
    private boolean overuseInFeedback;
    private long ackedWindowStartMicros = Long.MIN_VALUE;
    private long ackedWindowBytes;
    private double ackedBps = -1;
    private double estimateBps = -1;
    /** Whether the link ever showed congestion (delay overuse, or loss pulling the rate down). */
    private boolean congested;

    public BandwidthEstimator() {
        this(START_BPS);
    }

    BandwidthEstimator(double startBps) {
        this.delayBased = new AimdRateController(startBps, MIN_BPS, MAX_BPS);
    }

    /** A packet the feedback reports lost. */
    public void onPacketLost() {
        lossBased.onPacket(false);
    }

    /** A packet the feedback reports received; feedback order (sequence order) is fine. */
    public void onPacketReceived(long sendMicros, int sizeBytes, long arrivalMicros) {
        lossBased.onPacket(true);
        measureAcked(sizeBytes, arrivalMicros);
        if (interArrival.onPacket(sendMicros, arrivalMicros)) {
            TrendlineEstimator.Usage usage = trendline.update(interArrival.arrivalDeltaMicros() / 1000.0,
                    interArrival.sendDeltaMicros() / 1000.0, arrivalMicros / 1000.0);
            // An overuse seen anywhere in the feedback counts, even if later groups look normal.
            overuseInFeedback |= usage == TrendlineEstimator.Usage.OVERUSING;
        }
    }

    /** The end of one feedback packet: both rates update. */
    public void onFeedbackEnd(long nowMicros) {
        TrendlineEstimator.Usage usage = overuseInFeedback ? TrendlineEstimator.Usage.OVERUSING : trendline.usage();
        overuseInFeedback = false;
        double delayBps = delayBased.update(usage, ackedBps, nowMicros);
        double lossBps = lossBased.update(delayBps, nowMicros);
        congested |= usage == TrendlineEstimator.Usage.OVERUSING || lossBps < delayBps;
        estimateBps = Math.max(MIN_BPS, Math.min(delayBps, lossBps));
    }

    /**
     * Whether the estimate has been measured against a real limit: until the link shows congestion
     * it only tracks what the sender chose to send (a start value growing slowly), which says
     * nothing about what the link could carry.
     */
    public boolean congested() {
        return congested;
    }

    /** The estimate in bits/s, or a negative value before the first feedback. */
    public double estimateBps() {
        return estimateBps;
    }

    private void measureAcked(int sizeBytes, long arrivalMicros) {
        if (ackedWindowStartMicros == Long.MIN_VALUE) {
            ackedWindowStartMicros = arrivalMicros;
        }
        long elapsed = arrivalMicros - ackedWindowStartMicros;
        if (elapsed >= ACKED_WINDOW_MICROS) {
            ackedBps = ackedWindowBytes * 8 * 1e6 / elapsed;
            ackedWindowStartMicros = arrivalMicros;
            ackedWindowBytes = 0;
        }
        ackedWindowBytes += sizeBytes;
    }
}
