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

        /** {@code data.<field>} as text when it is a JSON string, else null. */
        String text(String name) {
            JsonNode value = field(name);
            return value.isTextual() ? value.textValue() : null;
        }

        /**
         * The event a {@code custom} wrapper carries ({@code {"type":"custom","data":{"type":..,"data":..}}}),
         * or null when {@code data.type} is not a string.
         */
        Incoming unwrapCustom() {
            JsonNode inner = field("type");
            if (!inner.isTextual()) {
                return null;
            }
            JsonNode innerData = field("data");
            return new Incoming(inner.textValue(), innerData.isNull() ? null : innerData);
        }

        /** {@code data} as JSON text, or null when absent. */
        String dataJson() {
            return data == null ? null : write(data);
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
    record Endpoint(String id, JsonNode metadata, Collection<Track> tracks) {}

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
            putTracks(entry, endpoint.tracks());
        }
        return event("connected", data);
    }

    /** {@code tracksAdded}: the tracks of {@code originId} (webrtc.md 2.3). */
    static String tracksAdded(String originId, Collection<Track> tracks) {
        ObjectNode data = NODES.objectNode();
        data.put("endpointId", originId);
        putTracks(data, tracks);
        return event("tracksAdded", data);
    }

    static String tracksRemoved(String originId, Collection<String> trackIds) {
        ObjectNode data = NODES.objectNode();
        data.put("endpointId", originId);
        ArrayNode ids = data.putArray("trackIds");
        trackIds.forEach(ids::add);
        return event("tracksRemoved", data);
    }

    static String trackUpdated(String originId, String trackId, JsonNode metadata) {
        ObjectNode data = NODES.objectNode();
        data.put("endpointId", originId);
        data.put("trackId", trackId);
        data.set("metadata", metadata);
        return event("trackUpdated", data);
    }

    /** {@code trackEncodingEnabled} or {@code trackEncodingDisabled}. */
    static String trackEncoding(boolean enabled, String originId, String trackId, String encoding) {
        ObjectNode data = NODES.objectNode();
        data.put("endpointId", originId);
        data.put("trackId", trackId);
        data.put("encoding", encoding);
        return event(enabled ? "trackEncodingEnabled" : "trackEncodingDisabled", data);
    }

    /** The deprecated {@code trackIdToMetadata} and the {@code tracks} TrackInfo map the SDK reads. */
    private static void putTracks(ObjectNode entry, Collection<Track> tracks) {
        ObjectNode trackIdToMetadata = entry.putObject("trackIdToMetadata");
        ObjectNode infos = entry.putObject("tracks");
        for (Track track : tracks) {
            trackIdToMetadata.set(track.id(), track.metadata);
            ObjectNode info = infos.putObject(track.id());
            info.set("metadata", track.metadata);
            ObjectNode simulcast = info.putObject("simulcastConfig");
            simulcast.put("enabled", track.published.simulcast());
            ArrayNode active = simulcast.putArray("activeEncodings");
            track.published.encodings().forEach(active::add);
            ArrayNode disabled = simulcast.putArray("disabledEncodings");
            track.disabledEncodings.forEach(disabled::add);
        }
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
