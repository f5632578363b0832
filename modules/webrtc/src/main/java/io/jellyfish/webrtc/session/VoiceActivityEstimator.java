package io.jellyfish.webrtc.session;

/**
 * The engine's three-tier speech estimator (webrtc.md 5.7, after Volfin and Cohen's dominant
 * speaker identification) over the last {@link #WINDOW} audio levels.
 *
 * <ul>
 *   <li>immediate: one level, active if at least {@link #ACTIVE_DBOV} dBov;</li>
 *   <li>medium: the newest {@link #MEDIUM_SUBUNITS} immediates (about 200 ms), scored by how many are active;</li>
 *   <li>long: the newest {@link #LONG_SUBUNITS} mediums (about 1.4 s), each counting as active when at
 *       least {@link #LONG_SUBUNIT_THRESHOLD} of its immediates are.</li>
 * </ul>
 *
 * A tier's score is the log-likelihood ratio of its active count under "speaking" (binomial,
 * p = 0.5) against "not speaking" (exponential with the tier's lambda). Speech means every tier
 * scores above its threshold; fewer than {@link #WINDOW} levels mean silence. The long tier is what
 * makes silence lag speech by up to 1.4 s: the hysteresis.
 *
 * <p>Not thread-safe: fed by one thread. A ring of activity flags; nothing is allocated per level.
 */
final class VoiceActivityEstimator {
    /** webrtc.md 5.7: a level counts as active at -32 dBov or louder. */
    static final int ACTIVE_DBOV = -32;
    static final int MEDIUM_SUBUNITS = 10;
    static final int LONG_SUBUNITS = 7;
    static final int LONG_SUBUNIT_THRESHOLD = 3;
    static final int WINDOW = MEDIUM_SUBUNITS * LONG_SUBUNITS;

    /** Whether an active count passes a tier, from the score formula and thresholds 0 / 20 / 20. */
    private static final boolean[] IMMEDIATE_PASSES = passes(1, 1, 0);
    private static final boolean[] MEDIUM_PASSES = passes(MEDIUM_SUBUNITS, 24, 20);
    private static final boolean[] LONG_PASSES = passes(LONG_SUBUNITS, 47, 20);
    /** The engine floors scores here (log of 0 is undefined); the floor still exceeds the immediate threshold. */
    private static final double MIN_SCORE = 1e-8;

    /** Activity flags of the last levels; {@code newest} indexes the latest. */
    private final boolean[] active = new boolean[WINDOW];
    private int newest = -1;
    private int count;
    private boolean speech;

    /**
     * Adds one level of the audio-level extension (RFC 6464: 0-127, in -dBov, so 0 is loudest) and
     * returns the resulting state: true for speech.
     */
    boolean add(int level) {
        newest = (newest + 1) % WINDOW;
        active[newest] = -level >= ACTIVE_DBOV;
        if (count < WINDOW) {
            count++;
        }
        speech = count == WINDOW && estimate();
        return speech;
    }

    boolean speech() {
        return speech;
    }

    private boolean estimate() {
        int immediate = active[newest] ? 1 : 0;
        int activeMediums = 0;
        int newestMedium = 0;
        for (int medium = 0; medium < LONG_SUBUNITS; medium++) {
            int activeInMedium = 0;
            for (int i = 0; i < MEDIUM_SUBUNITS; i++) {
                if (active[Math.floorMod(newest - medium * MEDIUM_SUBUNITS - i, WINDOW)]) {
                    activeInMedium++;
                }
            }
            if (medium == 0) {
                newestMedium = activeInMedium;
            }
            if (activeInMedium >= LONG_SUBUNIT_THRESHOLD) {
                activeMediums++;
            }
        }
        return IMMEDIATE_PASSES[immediate] && MEDIUM_PASSES[newestMedium] && LONG_PASSES[activeMediums];
    }

    /** For k = 0..n active subunits: log C(n,k) + n log 0.5 - log lambda + lambda k, floored, above the threshold. */
    private static boolean[] passes(int subunits, double lambda, double threshold) {
        boolean[] table = new boolean[subunits + 1];
        for (int k = 0; k <= subunits; k++) {
            double score = Math.log(binomial(subunits, k)) + subunits * Math.log(0.5) - Math.log(lambda) + lambda * k;
            table[k] = Math.max(score, MIN_SCORE) > threshold;
        }
        return table;
    }

    private static double binomial(int n, int k) {
        double result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }
}
