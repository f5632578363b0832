package io.jellyfish.api.media;

import java.util.List;

/**
 * A track a peer publishes, as the room sees it. The media plane's own implementation also
 * carries the packets, so the room can hand a publisher's track to subscribers without knowing
 * anything about media.
 */
public interface PublishedTrack {
    /** The client-generated id {@code "<endpointId>:<uuid>"}. */
    String id();

    /** The publishing endpoint. */
    String endpointId();

    /** {@code audio} or {@code video}. */
    String kind();

    /** The metadata from the offer's {@code trackIdToTrackMetadata}, as JSON text ({@code null} for none). */
    String metadata();

    /** Whether the publisher sends simulcast layers. */
    boolean simulcast();

    /** The simulcast rids in offer order ({@code ["h"]} for a non-simulcast track). */
    List<String> encodings();
}
