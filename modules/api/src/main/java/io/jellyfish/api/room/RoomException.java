package io.jellyfish.api.room;

import java.util.Objects;

/**
 * A failure a client caused or can act on. The message is the exact text clients see in
 * {@code {"errors": "..."}}; the kind decides the HTTP status.
 */
public final class RoomException extends RuntimeException {

    /** What kind of failure this is; each maps to one HTTP status. */
    public enum Kind {
        /** 400 */ BAD_REQUEST,
        /** 404 */ NOT_FOUND,
        /** 503 */ UNAVAILABLE
    }

    private final Kind kind;

    public RoomException(Kind kind, String message) {
        super(Objects.requireNonNull(message), null, false, false);
        this.kind = Objects.requireNonNull(kind);
    }

    public Kind kind() {
        return kind;
    }

    public static RoomException roomNotFound(String roomId) {
        return new RoomException(Kind.NOT_FOUND, "Room " + roomId + " does not exist");
    }

    public static RoomException peerNotFound(String peerId) {
        return new RoomException(Kind.NOT_FOUND, "Peer " + peerId + " does not exist");
    }

    public static RoomException roomAlreadyExists(String roomId) {
        return new RoomException(Kind.BAD_REQUEST, "Cannot add room with id \"" + roomId + "\" - room already exists");
    }

    public static RoomException peerLimitReached(String roomId) {
        return new RoomException(Kind.UNAVAILABLE, "Reached peer limit in room " + roomId);
    }

    public static RoomException badRequest(String message) {
        return new RoomException(Kind.BAD_REQUEST, message);
    }
}
