package io.jellyfish.webrtc.bwe;

/**
 * The delay-based overuse detector of GCC (draft-ietf-rmcat-gcc-02 5.3-5.4, libwebrtc's
 * TrendlineEstimator): the accumulated inter-group delay variation is smoothed, a least-squares
 * slope over the last 20 groups estimates whether queues grow, and an adaptive threshold turns
 * that trend into overusing / normal / underusing.
 */
final class TrendlineEstimator {
    enum Usage { NORMAL, OVERUSING, UNDERUSING }

    static final int WINDOW = 20;
    private static final double SMOOTHING = 0.9;
    private static final double THRESHOLD_GAIN = 4.0;
    private static final int MAX_DELTAS_GAIN = 60;
    private static final double OVERUSE_TIME_MS = 10;
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    private static final double MAX_ADAPT_OFFSET_MS = 15;
    private static final double MAX_TIME_DELTA_MS = 100;

    private final double[] arrivalsMs = new double[WINDOW];
    private final double[] delaysMs = new double[WINDOW];
    private int samples;
    private int next;
    private int deltas;
    private double firstArrivalMs = Double.NaN;
    private double accumulatedDelayMs;
    private double smoothedDelayMs;
    private double previousTrend;
    private double threshold = 12.5;
    private double lastThresholdUpdateMs = Double.NaN;
    private double timeOverUsingMs = -1;
    private int overuseCounter;
    private Usage usage = Usage.NORMAL;

    /** One completed group: its send and arrival deltas to the previous group, and its arrival time. */
    Usage update(double arrivalDeltaMs, double sendDeltaMs, double arrivalMs) {
        deltas = Math.min(deltas + 1, 1000);
        if (Double.isNaN(firstArrivalMs)) {
            firstArrivalMs = arrivalMs;
        }
        accumulatedDelayMs += arrivalDeltaMs - sendDeltaMs;
        smoothedDelayMs = SMOOTHING * smoothedDelayMs + (1 - SMOOTHING) * accumulatedDelayMs;
        arrivalsMs[next] = arrivalMs - firstArrivalMs;
        delaysMs[next] = smoothedDelayMs;
        next = (next + 1) % WINDOW;
        samples = Math.min(samples + 1, WINDOW);
        double fitted = samples == WINDOW ? slope() : Double.NaN;
        double trend = Double.isNaN(fitted) ? previousTrend : fitted;
        detect(trend, sendDeltaMs, arrivalMs);
        return usage;
    }

    Usage usage() {
        return usage;
    }

    /** The least-squares slope of smoothed delay over arrival time, or NaN if the arrivals coincide. */
    private double slope() {
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < WINDOW; i++) {
            meanX += arrivalsMs[i];
            meanY += delaysMs[i];
        }
        meanX /= WINDOW;
        meanY /= WINDOW;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < WINDOW; i++) {
            double dx = arrivalsMs[i] - meanX;
            numerator += dx * (delaysMs[i] - meanY);
            denominator += dx * dx;
        }
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    private void detect(double trend, double sendDeltaMs, double nowMs) {
        if (deltas < 2) {
            usage = Usage.NORMAL;
            return;
        }
        double modifiedTrend = Math.min(deltas, MAX_DELTAS_GAIN) * trend * THRESHOLD_GAIN;
        if (modifiedTrend > threshold) {
            timeOverUsingMs = timeOverUsingMs < 0 ? sendDeltaMs / 2 : timeOverUsingMs + sendDeltaMs;
            overuseCounter++;
            // Overuse only once it lasted and the trend still grows: a single late group is noise.
            if (timeOverUsingMs > OVERUSE_TIME_MS && overuseCounter > 1 && trend >= previousTrend) {
                timeOverUsingMs = 0;
                overuseCounter = 0;
                usage = Usage.OVERUSING;
            }
        } else if (modifiedTrend < -threshold) {
            timeOverUsingMs = -1;
            overuseCounter = 0;
            usage = Usage.UNDERUSING;
        } else {
            timeOverUsingMs = -1;
            overuseCounter = 0;
            usage = Usage.NORMAL;
        }
        previousTrend = trend;
        adaptThreshold(modifiedTrend, nowMs);
    }

    /** The threshold follows the trend slowly, so competing TCP flows do not starve the media (GCC 5.4). */
    private void adaptThreshold(double modifiedTrend, double nowMs) {
        if (Double.isNaN(lastThresholdUpdateMs)) {
            lastThresholdUpdateMs = nowMs;
        }
        double magnitude = Math.abs(modifiedTrend);
        if (magnitude > threshold + MAX_ADAPT_OFFSET_MS) {
            lastThresholdUpdateMs = nowMs; // a spike: do not let it drag the threshold
            return;
        }
        double k = magnitude < threshold ? K_DOWN : K_UP;
        double elapsed = Math.min(nowMs - lastThresholdUpdateMs, MAX_TIME_DELTA_MS);
        threshold = Math.clamp(threshold + k * (magnitude - threshold) * elapsed, 6.0, 600.0);
        lastThresholdUpdateMs = nowMs;
    }
}
