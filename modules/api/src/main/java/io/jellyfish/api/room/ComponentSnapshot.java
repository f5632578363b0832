package io.jellyfish.api.room;

import java.util.List;

/**
 * A component as the REST API shows it.
 *
 * @param id         component id (UUID)
 * @param type       {@code hls}, {@code rtsp}, {@code file}, {@code sip} or {@code recording}
 * @param properties the type-specific properties as a JSON object text
 * @param tracks     tracks the component publishes
 */
public record ComponentSnapshot(String id, String type, String properties, List<TrackSnapshot> tracks) {
    public ComponentSnapshot {
        tracks = List.copyOf(tracks);
    }
}
