package io.jellyfish.webrtc.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoiceActivityEstimatorTest {
    /** RFC 6464 levels are -dBov: small is loud. */
    private static final int LOUD = 10;
    private static final int QUIET = 90;

    private static boolean feed(VoiceActivityEstimator estimator, int level, int times) {
        boolean speech = estimator.speech();
        for (int i = 0; i < times; i++) {
            speech = estimator.add(level);
        }
        return speech;
    }

    @Test
    void silenceUntilTheWholeWindowIsFilled() {
        VoiceActivityEstimator estimator = new VoiceActivityEstimator();
        assertFalse(feed(estimator, LOUD, VoiceActivityEstimator.WINDOW - 1));
        assertTrue(estimator.add(LOUD));
    }

    @Test
    void quietLevelsAreSilence() {
        VoiceActivityEstimator estimator = new VoiceActivityEstimator();
        assertFalse(feed(estimator, QUIET, 500));
        assertFalse(feed(estimator, 127, 100));
    }

    @Test
    void minus32DbovIsTheActivityThreshold() {
        VoiceActivityEstimator atThreshold = new VoiceActivityEstimator();
        assertTrue(feed(atThreshold, 32, VoiceActivityEstimator.WINDOW));
        VoiceActivityEstimator belowThreshold = new VoiceActivityEstimator();
        assertFalse(feed(belowThreshold, 33, VoiceActivityEstimator.WINDOW));
    }

    @Test
    void speechStartsOnTheSecondLoudPacketOfAWordAfterWarmUp() {
        VoiceActivityEstimator estimator = new VoiceActivityEstimator();
        feed(estimator, QUIET, 200);
        assertFalse(estimator.add(LOUD), "one loud packet is a click, not speech");
        assertFalse(estimator.add(LOUD), "two loud packets: the medium tier passes, the long one not yet");
        assertTrue(estimator.add(LOUD), "three in 200 ms: a word");
    }

    @Test
    void silenceFollowsAboutTwoHundredMillisecondsAfterSpeechStops() {
        VoiceActivityEstimator estimator = new VoiceActivityEstimator();
        assertTrue(feed(estimator, LOUD, 100));
        int quietPackets = 0;
        while (estimator.add(QUIET)) {
            quietPackets++;
        }
        // The newest 10 levels (200 ms) need two active ones: the ninth quiet packet ends speech.
        assertEquals(8, quietPackets);
    }

    @Test
    void aPauseWithinTheLongWindowResumesSpeechQuickly() {
        VoiceActivityEstimator estimator = new VoiceActivityEstimator();
        feed(estimator, LOUD, 100);
        assertFalse(feed(estimator, QUIET, 30));
        assertFalse(estimator.add(LOUD));
        assertTrue(estimator.add(LOUD), "the long tier still remembers the sentence");
    }

    @Test
    void threeActiveLevelsInEvery200MillisecondsAreSpeechTwoAreNot() {
        VoiceActivityEstimator estimator = new VoiceActivityEstimator();
        boolean speech = false;
        for (int i = 0; i < 200; i++) {
            speech = estimator.add(i % 10 < 3 ? LOUD : QUIET);
        }
        assertTrue(speech);
        for (int i = 0; i < VoiceActivityEstimator.WINDOW; i++) {
            speech = estimator.add(i % 5 == 0 ? LOUD : QUIET);
        }
        assertFalse(speech, "two per 200 ms pass the medium tier, but no word passes the long one");
    }

    @Test
    void isolatedClicksNeverMakeSpeech() {
        VoiceActivityEstimator estimator = new VoiceActivityEstimator();
        for (int i = 0; i < 1000; i++) {
            assertFalse(estimator.add(i % 11 == 0 ? LOUD : QUIET));
        }
    }
}
