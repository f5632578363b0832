package io.jellyfish.webrtc.bwe;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BandwidthEstimatorTest {

    private static final int PACKET_BYTES = 1000;
    /** 1000-byte packets every 10 ms: 800 kbps. */
    private static final long SEND_INTERVAL_MICROS = 10_000;
    private static final long FEEDBACK_INTERVAL_MICROS = 100_000;

    /** Simulates a path; feedback every 100 ms describes the packets sent since the last. */
    private static final class Path {
        final BandwidthEstimator estimator;
        long sendMicros = 1_000_000;
        long arrivalMicros = 40_000_000;
        int packet;

        Path(double startBps) {
            estimator = new BandwidthEstimator(startBps);
        }

        /**
         * Runs for {@code durationMicros}: each packet arrives {@code arrivalIntervalMicros} after the
         * previous one (larger than the send interval: a queue builds), every {@code lossEvery}-th is lost.
         */
        double run(long durationMicros, long arrivalIntervalMicros, int lossEvery) {
            long end = sendMicros + durationMicros;
            long nextFeedback = sendMicros + FEEDBACK_INTERVAL_MICROS;
            while (sendMicros < end) {
                sendMicros += SEND_INTERVAL_MICROS;
                arrivalMicros += arrivalIntervalMicros;
                if (lossEvery > 0 && ++packet % lossEvery == 0) {
                    estimator.onPacketLost();
                } else {
                    estimator.onPacketReceived(sendMicros, PACKET_BYTES, arrivalMicros);
                }
                if (sendMicros >= nextFeedback) {
                    estimator.onFeedbackEnd(sendMicros + 30_000);
                    nextFeedback += FEEDBACK_INTERVAL_MICROS;
                }
            }
            return estimator.estimateBps();
        }
    }

    @Test
    void aSteadyPathIncreasesTheEstimateUpToTheAcknowledgedRateLimit() {
        Path path = new Path(BandwidthEstimator.START_BPS);
        double early = path.run(2_000_000, SEND_INTERVAL_MICROS, 0);
        double later = path.run(8_000_000, SEND_INTERVAL_MICROS, 0);
        assertTrue(early > BandwidthEstimator.START_BPS, "early " + early);
        assertTrue(later > early, "early " + early + ", later " + later);
        assertTrue(later <= 1.5 * 800_000 + 10_000 + 1, "later " + later);
        assertFalse(path.estimator.congested(), "a steady path shows no congestion: nothing to cap allocations by");
    }

    @Test
    void growingDelayIsOveruseAndDecreasesTheEstimate() {
        Path path = new Path(BandwidthEstimator.START_BPS);
        double before = path.run(6_000_000, SEND_INTERVAL_MICROS, 0);
        // The bottleneck now carries 1000 bytes per 12 ms (667 kbps): the queue grows 2 ms a packet.
        double after = path.run(2_000_000, 12_000, 0);
        assertTrue(after < before, "before " + before + ", after " + after);
        assertTrue(after < 667_000, "after " + after);
        assertTrue(path.estimator.congested());
    }

    @Test
    void heavyLossDecreasesTheEstimate() {
        Path path = new Path(BandwidthEstimator.START_BPS);
        double before = path.run(6_000_000, SEND_INTERVAL_MICROS, 0);
        double after = path.run(3_000_000, SEND_INTERVAL_MICROS, 5); // 20% loss, no queuing
        assertTrue(after < 0.8 * before, "before " + before + ", after " + after);
        assertTrue(path.estimator.congested());
    }

    @Test
    void lightLossDoesNotDecreaseTheEstimate() {
        Path path = new Path(BandwidthEstimator.START_BPS);
        double before = path.run(6_000_000, SEND_INTERVAL_MICROS, 0);
        double after = path.run(3_000_000, SEND_INTERVAL_MICROS, 100); // 1% loss
        assertTrue(after >= before, "before " + before + ", after " + after);
    }
}
