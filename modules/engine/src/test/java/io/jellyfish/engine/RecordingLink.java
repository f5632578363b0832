package io.jellyfish.engine;

import io.jellyfish.api.room.PeerLink;

/** A peer socket stand-in that remembers how the room closed it. */
final class RecordingLink implements PeerLink {
    volatile Integer closeCode;
    volatile String closeReason;

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }
}
