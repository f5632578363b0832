package io.jellyfish.http.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jellyfish.api.room.ComponentSnapshot;
import io.jellyfish.api.room.PeerSnapshot;
import io.jellyfish.api.room.RoomConfig;
import io.jellyfish.api.room.RoomSnapshot;
import io.jellyfish.api.room.TrackSnapshot;

import java.io.IOException;
import java.util.List;

/** Writes the JSON shapes of http-api.md section 3 with Jackson's streaming generator. */
public final class Views {

    private Views() {
    }

    public static void room(JsonGenerator json, RoomSnapshot room) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", room.id());
        json.writeFieldName("config");
        config(json, room.config());
        json.writeArrayFieldStart("components");
        for (ComponentSnapshot component : room.components()) {
            component(json, component);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("peers");
        for (PeerSnapshot peer : room.peers()) {
            peer(json, peer);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    public static void config(JsonGenerator json, RoomConfig config) throws IOException {
        json.writeStartObject();
        json.writeStringField("roomId", config.roomId());
        nullableInt(json, "maxPeers", config.maxPeers());
        json.writeFieldName("videoCodec");
        if (config.videoCodec() == null) {
            json.writeNull();
        } else {
            json.writeString(config.videoCodec().wireName());
        }
        json.writeFieldName("webhookUrl");
        if (config.webhookUrl() == null) {
            json.writeNull();
        } else {
            json.writeString(config.webhookUrl());
        }
        nullableInt(json, "peerlessPurgeTimeout", config.peerlessPurgeTimeout());
        nullableInt(json, "peerDisconnectedTimeout", config.peerDisconnectedTimeout());
        json.writeEndObject();
    }

    public static void peer(JsonGenerator json, PeerSnapshot peer) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", peer.id());
        json.writeStringField("type", peer.type());
        json.writeStringField("status", peer.status().wireName());
        tracks(json, peer.tracks());
        rawOrNull(json, "metadata", peer.metadata());
        json.writeEndObject();
    }

    public static void component(JsonGenerator json, ComponentSnapshot component) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", component.id());
        json.writeStringField("type", component.type());
        rawOrNull(json, "properties", component.properties());
        tracks(json, component.tracks());
        json.writeEndObject();
    }

    private static void tracks(JsonGenerator json, List<TrackSnapshot> tracks) throws IOException {
        json.writeArrayFieldStart("tracks");
        for (TrackSnapshot track : tracks) {
            json.writeStartObject();
            json.writeStringField("id", track.id());
            json.writeStringField("type", track.type());
            rawOrNull(json, "metadata", track.metadata());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void nullableInt(JsonGenerator json, String field, Integer value) throws IOException {
        json.writeFieldName(field);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value);
        }
    }

    /** Metadata and properties are stored as JSON text and written through unchanged. */
    private static void rawOrNull(JsonGenerator json, String field, String rawJson) throws IOException {
        json.writeFieldName(field);
        if (rawJson == null) {
            json.writeNull();
        } else {
            json.writeRawValue(rawJson);
        }
    }
}
