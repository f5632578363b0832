package io.jellyfish.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.room.RoomSnapshot;
import io.jellyfish.api.room.VideoCodec;
import io.jellyfish.http.json.RequestBody;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Set;

/**
 * Components, subscriptions and SIP calls (http-api.md 7 to 9). No component type has a media
 * pipeline in this server yet, so every valid request ends in a clear 400 after the same checks
 * and in the same order as Jellyfish; no room is harmed.
 */
@Path("/room/{room_id}/component")
@Produces(MediaType.APPLICATION_JSON)
public final class ComponentResource {

    private static final Set<String> TYPES = Set.of("hls", "rtsp", "file", "sip", "recording");
    private static final Set<String> H264_ONLY = Set.of("hls", "rtsp", "recording");

    private final RoomService rooms;

    ComponentResource(RoomService rooms) {
        this.rooms = rooms;
    }

    @POST
        @Consumes(MediaType.WILDCARD)
    public Response add(@PathParam("room_id") String roomId, byte[] body,
                        @HeaderParam("Content-Type") MediaType contentType) {
        JsonNode request = RequestBody.parse(body, contentType);
        JsonNode type = request.isObject() ? request.get("type") : null;
        if (type == null) {
            throw RoomException.badRequest(RequestChecks.INVALID_BODY);
        }
        if (!type.isTextual() || !TYPES.contains(type.textValue())) {
            throw RoomException.badRequest("Invalid component type");
        }
        RoomSnapshot room = RequestChecks.existingRoom(rooms, roomId);
        if (H264_ONLY.contains(type.textValue()) && room.config().videoCodec() != VideoCodec.H264) {
            throw RoomException.badRequest("Incompatible video codec enforced in room " + roomId);
        }
        throw RoomException.badRequest("Components of type " + type.textValue() + " are not available on this server");
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("room_id") String roomId, @PathParam("id") String componentId) {
        RequestChecks.existingRoom(rooms, roomId);
        throw new RoomException(RoomException.Kind.NOT_FOUND, "Component " + componentId + " does not exist");
    }

    @POST
    @Path("/{component_id}/subscribe")
    @Consumes(MediaType.WILDCARD)
    public Response subscribe(@PathParam("room_id") String roomId, @PathParam("component_id") String componentId,
                              byte[] body, @HeaderParam("Content-Type") MediaType contentType) {
        RequestChecks.requireField(RequestBody.parse(body, contentType), "origins");
        RequestChecks.existingRoom(rooms, roomId);
        throw RequestChecks.componentMissing(componentId);
    }
}
