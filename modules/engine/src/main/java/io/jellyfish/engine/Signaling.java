package io.jellyfish.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jellyfish.api.room.TrackSnapshot;

import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * The JSON of the media-event protocol (webrtc.md 2) that exists without a media plane: parsing
 * what a peer sends and building {@code connected}, {@code endpointAdded}, {@code endpointRemoved}
 * and {@code endpointUpdated}. Metadata is opaque JSON kept verbatim: numbers are read as exact
 * decimals so {@code 1.10} is echoed as {@code 1.10}.
 */
final class Signaling {

    static final String ENDPOINT_TYPE_WEBRTC = "webrtc";

    /** Deeper nesting than this is not metadata a client means; such an event is ignored. */
    private static final int MAX_NESTING_DEPTH = 128;

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .nodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Signaling() {
    }

    /** A media event from a peer: its {@code type} and its {@code data} (null when absent or JSON null). */
    record Incoming(String type, JsonNode data) {
        /** {@code data.<field>}, with a missing key (or missing data) read as JSON null. */
        JsonNode field(String name) {
            JsonNode value = data == null ? null : data.get(name);
            return value == null ? NullNode.instance : value;
        }

        /** Whether {@code data} is absent or an object (the only shapes any event accepts). */
        boolean dataIsObjectOrAbsent() {
            return data == null || data.isNull() || data.isObject();
        }
    }

    /** Parses one media event, or returns null when it is not a JSON object with a string {@code type}. */
    static Incoming parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (root == null || !root.isObject() || !(root.get("type") instanceof JsonNode type) || !type.isTextual()) {
            return null;
        }
        JsonNode data = root.get("data");
        return new Incoming(type.textValue(), data == null || data.isNull() ? null : data);
    }

    /** The JSON text of a metadata value ({@code null} for JSON null, as the REST view stores it). */
    static String metadataText(JsonNode metadata) {
        return metadata == null || metadata.isNull() ? null : write(metadata);
    }

    /** The JSON text of a metadata value for notifications: JSON null is {@code "null"}. */
    static String metadataNotificationText(JsonNode metadata) {
        return metadata == null || metadata.isNull() ? "null" : write(metadata);
    }

    /** A metadata value back from its stored text. */
    static JsonNode metadataNode(String text) {
        if (text == null) {
            return NullNode.instance;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is JSON written by this class", e);
        }
    }

    /** An endpoint as {@code connected} lists it among {@code otherEndpoints}. */
    record Endpoint(String id, JsonNode metadata, Collection<TrackSnapshot> tracks) {}

    /** {@code connected}: the reply to {@code connect}, top level (never wrapped in {@code custom}). */
    static String connected(String ownId, Collection<Endpoint> others) {
        ObjectNode data = NODES.objectNode();
        data.put("id", ownId);
        ArrayNode list = data.putArray("otherEndpoints");
        for (Endpoint endpoint : others) {
            ObjectNode entry = list.addObject();
            entry.put("id", endpoint.id());
            entry.put("type", ENDPOINT_TYPE_WEBRTC);
            entry.set("metadata", endpoint.metadata());
            ObjectNode trackIdToMetadata = entry.putObject("trackIdToMetadata");
            ObjectNode tracks = entry.putObject("tracks");
            for (TrackSnapshot track : endpoint.tracks()) {
                JsonNode trackMetadata = metadataNode(track.metadata());
                trackIdToMetadata.set(track.id(), trackMetadata);
                ObjectNode info = tracks.putObject(track.id());
                info.set("metadata", trackMetadata);
                ObjectNode simulcast = info.putObject("simulcastConfig");
                simulcast.put("enabled", false);
                simulcast.putArray("activeEncodings").add("h");
                simulcast.putArray("disabledEncodings");
            }
        }
        return event("connected", data);
    }

    /** {@code endpointAdded}: exactly {@code id}, {@code type}, {@code metadata} (webrtc.md 2.3). */
    static String endpointAdded(String id, JsonNode metadata) {
        ObjectNode data = NODES.objectNode();
        data.put("id", id);
        data.put("type", ENDPOINT_TYPE_WEBRTC);
        data.set("metadata", metadata);
        return event("endpointAdded", data);
    }

    static String endpointUpdated(String id, JsonNode metadata) {
        ObjectNode data = NODES.objectNode();
        data.put("id", id);
        data.set("metadata", metadata);
        return event("endpointUpdated", data);
    }

    static String endpointRemoved(String id) {
        ObjectNode data = NODES.objectNode();
        data.put("id", id);
        return event("endpointRemoved", data);
    }

    private static String event(String type, ObjectNode data) {
        ObjectNode root = NODES.objectNode();
        root.put("type", type);
        root.set("data", data);
        return write(root);
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing a JSON tree to a string cannot fail", e);
        }
    }
}
