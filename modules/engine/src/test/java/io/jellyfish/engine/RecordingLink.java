package io.jellyfish.engine;

import io.jellyfish.api.room.PeerLink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A peer socket stand-in that remembers the media events it was sent and how the room closed it. */
final class RecordingLink implements PeerLink {
    final List<String> mediaEvents = new CopyOnWriteArrayList<>();
    volatile Integer closeCode;
    volatile String closeReason;

    @Override
    public void sendMediaEvent(String json) {
        mediaEvents.add(json);
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }
}
