package io.jellyfish.http.rest;

import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomService;
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

/** SIP calls (http-api.md 9). No SIP component exists in this server yet, so the component is never found. */
@Path("/sip/{room_id}/{component_id}/call")
@Produces(MediaType.APPLICATION_JSON)
public final class SipResource {

    private final RoomService rooms;

    SipResource(RoomService rooms) {
        this.rooms = rooms;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response dial(@PathParam("room_id") String roomId, @PathParam("component_id") String componentId,
                         byte[] body, @HeaderParam("Content-Type") MediaType contentType) {
        RequestChecks.requireField(RequestBody.parse(body, contentType), "phoneNumber");
        RequestChecks.existingRoom(rooms, roomId);
        throw RequestChecks.componentMissing(componentId);
    }

    @DELETE
    public Response endCall(@PathParam("room_id") String roomId, @PathParam("component_id") String componentId) {
        RequestChecks.existingRoom(rooms, roomId);
        throw RequestChecks.componentMissing(componentId);
    }

}
