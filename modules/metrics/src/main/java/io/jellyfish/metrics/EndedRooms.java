package io.jellyfish.metrics;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rooms that have ended, oldest first, each stamped with the sequence number of its end.
 * Bounded: past {@code capacity} the oldest ended room is dropped so its series can be deleted.
 * Not thread-safe; {@link JellyfishMetrics} guards it with its lock.
 */
final class EndedRooms {

    private final int capacity;
    private final LinkedHashMap<String, Long> endSequenceByRoom = new LinkedHashMap<>();
    private long endCount;

    EndedRooms(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** How many room ends have been recorded so far; the sequence number of the latest end. */
    long endCount() {
        return endCount;
    }

    /** Records that the room ended; returns the room dropped to stay within the capacity, if any. */
    Optional<String> add(String roomId) {
        endCount++;
        endSequenceByRoom.remove(roomId); // a second end (e.g. crash, then delete) makes it the newest
        endSequenceByRoom.put(roomId, endCount);
        if (endSequenceByRoom.size() <= capacity) {
            return Optional.empty();
        }
        Iterator<Map.Entry<String, Long>> oldest = endSequenceByRoom.entrySet().iterator();
        String evicted = oldest.next().getKey();
        oldest.remove();
        return Optional.of(evicted);
    }

    /** Whether the room's latest end came after the end numbered {@code sequence}. */
    boolean endedAfter(String roomId, long sequence) {
        Long endSequence = endSequenceByRoom.get(roomId);
        return endSequence != null && endSequence > sequence;
    }

    /** The room is hosted again (its id was reused), so it is no longer ended. */
    void remove(String roomId) {
        endSequenceByRoom.remove(roomId);
    }
}
