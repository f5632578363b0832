package io.jellyfish.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.api.media.PublishedTrack;
import io.jellyfish.api.room.TrackSnapshot;

import java.util.LinkedHashSet;
import java.util.Set;

/** A track a peer publishes, with what the room tracks about it. Guarded by its room's lock. */
final class Track {
    final PublishedTrack published;
    JsonNode metadata;
    /** Simulcast layers the publisher paused ({@code disableTrackEncoding}), as rids. */
    final Set<String> disabledEncodings = new LinkedHashSet<>();

    Track(PublishedTrack published) {
        this.published = published;
        this.metadata = Signaling.metadataNode(published.metadata());
    }

    String id() {
        return published.id();
    }

    TrackSnapshot snapshot() {
        return new TrackSnapshot(published.id(), published.kind(), Signaling.metadataText(metadata));
    }
}
