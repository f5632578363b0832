package io.jellyfish.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.room.RoomSnapshot;

/** Checks several routes share, with the spec's messages. */
final class RequestChecks {

    static final String INVALID_BODY = "Invalid request body structure";

    private RequestChecks() {
    }

    static RoomSnapshot existingRoom(RoomService rooms, String roomId) {
        return rooms.findRoom(roomId).orElseThrow(() -> RoomException.roomNotFound(roomId));
    }

    /** Only presence is checked, as in Jellyfish (subscribe's {@code origins}, dial's {@code phoneNumber}). */
    static void requireField(JsonNode request, String field) {
        if (!request.isObject() || !request.has(field)) {
            throw RoomException.badRequest(INVALID_BODY);
        }
    }

    static RoomException componentMissing(String componentId) {
        return RoomException.badRequest("Component " + componentId + " does not exist");
    }
}
