package io.jellyfish.http.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.api.room.PeerCreated;
import io.jellyfish.api.room.PeerOptions;
import io.jellyfish.api.room.PlacedRoom;
import io.jellyfish.api.room.RoomConfig;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomService;
import io.jellyfish.api.room.RoomSnapshot;
import io.jellyfish.http.json.RequestBody;
import io.jellyfish.http.json.RoomConfigParser;
import io.jellyfish.http.json.Views;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Rooms and peers: http-api.md sections 4 to 6. */
@Path("/room")
@Produces(MediaType.APPLICATION_JSON)
public final class RoomResource {


    private final RoomService rooms;
    private final boolean webrtcUsed;

    RoomResource(RoomService rooms, JellyfishConfig config) {
        this.rooms = rooms;
        this.webrtcUsed = config.webrtc().used();
    }

    @GET
    public Response list() {
        List<RoomSnapshot> all = rooms.listRooms();
        return Responses.data(200, json -> {
            json.writeStartArray();
            for (RoomSnapshot room : all) {
                Views.room(json, room);
            }
            json.writeEndArray();
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(byte[] body, @HeaderParam("Content-Type") MediaType contentType) {
        RoomConfig config = RoomConfigParser.parse(RequestBody.parse(body, contentType));
        PlacedRoom placed = rooms.createRoom(config);
        return Responses.data(201, json -> {
            json.writeStartObject();
            json.writeFieldName("room");
            Views.room(json, placed.room());
            json.writeStringField("jellyfish_address", placed.address());
            json.writeEndObject();
        });
    }

    @GET
    @Path("/{room_id}")
    public Response get(@PathParam("room_id") String roomId) {
        RoomSnapshot room = RequestChecks.existingRoom(rooms, roomId);
        return Responses.data(200, json -> Views.room(json, room));
    }

    @DELETE
    @Path("/{room_id}")
    public Response delete(@PathParam("room_id") String roomId) {
        rooms.deleteRoom(roomId);
        return Responses.noContent();
    }

    @POST
    @Path("/{room_id}/peer")
    @Consumes(MediaType.WILDCARD)
    public Response addPeer(@PathParam("room_id") String roomId, byte[] body,
                            @HeaderParam("Content-Type") MediaType contentType) {
        JsonNode request = RequestBody.parse(body, contentType);
        // Order of http-api.md 6.1: type present, type valid, room exists, limit, options valid.
        JsonNode type = request.isObject() ? request.get("type") : null;
        if (type == null) {
            throw RoomException.badRequest(RequestChecks.INVALID_BODY);
        }
        if (!type.isTextual() || !"webrtc".equals(type.textValue())) {
            throw RoomException.badRequest("Invalid peer type");
        }
        if (!webrtcUsed) {
            RequestChecks.existingRoom(rooms, roomId);
            throw RoomException.badRequest(
                    "WebRTC peers can only be used if JF_WEBRTC_USED environmental variable is not set to \"false\"");
        }
        PeerOptions options = peerOptions(request.get("options"));
        if (options == null) {
            RoomSnapshot room = RequestChecks.existingRoom(rooms, roomId);
            Integer maxPeers = room.config().maxPeers();
            if (maxPeers != null && room.peers().size() >= maxPeers) {
                throw RoomException.peerLimitReached(roomId);
            }
            throw RoomException.badRequest(RequestChecks.INVALID_BODY);
        }
        PeerCreated created = rooms.addPeer(roomId, options);
        return Responses.data(201, json -> {
            json.writeStartObject();
            json.writeFieldName("peer");
            Views.peer(json, created.peer());
            json.writeStringField("token", created.token());
            json.writeStringField("peer_websocket_url", created.address() + "/socket/peer/websocket");
            json.writeEndObject();
        });
    }

    /** The webrtc peer options, or null when they are malformed. Null or absent options mean the defaults. */
    private static PeerOptions peerOptions(JsonNode options) {
        if (options == null || options.isNull()) {
            return PeerOptions.DEFAULT;
        }
        if (!options.isObject()) {
            return null;
        }
        JsonNode simulcast = options.get("enableSimulcast");
        if (simulcast == null || simulcast.isNull()) {
            return PeerOptions.DEFAULT;
        }
        return simulcast.isBoolean() ? new PeerOptions(simulcast.booleanValue()) : null;
    }

    @DELETE
    @Path("/{room_id}/peer/{id}")
    public Response deletePeer(@PathParam("room_id") String roomId, @PathParam("id") String peerId) {
        rooms.deletePeer(roomId, peerId);
        return Responses.noContent();
    }
}
