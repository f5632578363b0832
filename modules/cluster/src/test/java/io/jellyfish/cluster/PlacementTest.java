package io.jellyfish.cluster;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The worked examples of cluster.md 3.4: two nodes, requests sent to A. */
class PlacementTest {

    @ParameterizedTest(name = "A({0},{1}) B({2},{3}) -> {4}")
    @CsvSource({
            "0,0, 0,0, B",
            "0,1, 0,0, B",
            "0,0, 0,1, A",
            "2,1, 0,3, B",
            "0,5, 1,0, A",
            "1,1, 1,1, B"})
    void choosesLikeJellyfish(long aTracks, long aRooms, long bTracks, long bRooms, String expected) {
        var chosen = Placement.choose(List.of(
                new Placement.Candidate<>("A", aTracks, aRooms),
                new Placement.Candidate<>("B", bTracks, bRooms)));
        assertEquals(expected, chosen.member());
    }

    @org.junit.jupiter.api.Test
    void aFullTieGoesToTheLastCandidate() {
        var chosen = Placement.choose(List.of(
                new Placement.Candidate<>("self", 0, 0),
                new Placement.Candidate<>("second", 0, 0),
                new Placement.Candidate<>("third", 0, 0)));
        assertEquals("third", chosen.member());
    }
}
