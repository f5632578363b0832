package io.jellyfish.metrics;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndedRoomsTest {

    @Test
    void evictsTheRoomThatEndedLongestAgo() {
        EndedRooms ended = new EndedRooms(2);
        assertEquals(Optional.empty(), ended.add("a"));
        assertEquals(Optional.empty(), ended.add("b"));
        assertEquals(Optional.empty(), ended.add("a")); // ending again makes "a" the newest
        assertEquals(Optional.of("b"), ended.add("c"));
    }

    @Test
    void tellsWhetherARoomEndedAfterAGivenEnd() {
        EndedRooms ended = new EndedRooms(10);
        ended.add("a");
        long afterA = ended.endCount();
        ended.add("b");

        assertFalse(ended.endedAfter("a", afterA));
        assertTrue(ended.endedAfter("b", afterA));
        assertFalse(ended.endedAfter("never-ended", 0));

        ended.remove("b");
        assertFalse(ended.endedAfter("b", afterA));
    }
}
