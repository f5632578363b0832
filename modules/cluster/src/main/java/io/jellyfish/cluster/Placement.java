package io.jellyfish.cluster;

import java.util.List;

/**
 * The placement rule of Jellyfish 0.5.0 (cluster.md 3.3): the candidate with the fewest forwarded
 * tracks, then the fewest rooms; on a full tie the last tied candidate in the list wins. The list
 * is [the node that took the request, then the other members in view order], so the receiving
 * node never wins a full tie against another member.
 */
final class Placement {

    /** A member and its load. */
    record Candidate<A>(A member, long forwardedTracks, long rooms) {}

    private Placement() {
    }

    static <A> Candidate<A> choose(List<Candidate<A>> candidates) {
        Candidate<A> best = null;
        for (Candidate<A> candidate : candidates) {
            // Keep the current best only when it is strictly better; ties go to the later candidate.
            if (best == null || !strictlyBetter(best, candidate)) {
                best = candidate;
            }
        }
        return best;
    }

    private static boolean strictlyBetter(Candidate<?> a, Candidate<?> b) {
        return a.forwardedTracks() < b.forwardedTracks()
                || (a.forwardedTracks() == b.forwardedTracks() && a.rooms() < b.rooms());
    }
}
