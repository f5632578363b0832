package io.jellyfish.webrtc.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The media events the WebRTC endpoint sends (webrtc.md 2.3), all wrapped in {@code custom}, and
 * the reading of the ones it receives. Metadata stays opaque JSON: numbers are exact decimals.
 */
final class MediaEvents {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(128).build())
                    .build())
            .nodeFactory(NODES)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private MediaEvents() {
    }

    /** One integratedTurnServers entry (webrtc.md 4.1); {@code toString} leaves the password out. */
    record TurnServer(String serverAddr, int serverPort, String transport, String username, String password) {
        @Override
        public String toString() {
            return "TurnServer[" + transport + " " + serverAddr + ":" + serverPort + ", username=" + username + "]";
        }
    }

    /** Parses event data, or returns null for anything that is not a JSON object. */
    static JsonNode parseObject(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A metadata value as JSON text ({@code null} for JSON null or absent), as the room stores it. */
    static String metadataText(JsonNode metadata) {
        return metadata == null || metadata.isNull() || metadata.isMissingNode() ? null : write(metadata);
    }

    static String offerData(int audio, int video, Iterable<TurnServer> turnServers) {
        ObjectNode data = NODES.objectNode();
        ObjectNode types = data.putObject("tracksTypes");
        types.put("audio", audio);
        types.put("video", video);
        ArrayNode servers = data.putArray("integratedTurnServers");
        for (TurnServer server : turnServers) {
            ObjectNode entry = servers.addObject();
            entry.put("serverAddr", server.serverAddr());
            entry.put("serverPort", server.serverPort());
            entry.put("transport", server.transport());
            entry.put("username", server.username());
            entry.put("password", server.password());
        }
        return custom("offerData", data);
    }

    static String sdpAnswer(String sdp, Map<String, String> midToTrackId) {
        ObjectNode data = NODES.objectNode();
        data.put("type", "answer");
        data.put("sdp", sdp);
        ObjectNode mids = data.putObject("midToTrackId");
        midToTrackId.forEach(mids::put);
        return custom("sdpAnswer", data);
    }

    /** The server's single virtual host candidate (webrtc.md 3.12); sdpMLineIndex must be non-null for the SDK. */
    static String candidate(String ip, int port) {
        ObjectNode data = NODES.objectNode();
        data.put("candidate", "a=candidate:1 1 UDP 2015363327 " + ip + " " + port + " typ host");
        data.put("sdpMLineIndex", 0);
        data.putNull("sdpMid");
        data.putNull("usernameFragment");
        return custom("candidate", data);
    }

    static String encodingSwitched(String endpointId, String trackId, String encoding, String reason) {
        ObjectNode data = NODES.objectNode();
        data.put("endpointId", endpointId);
        data.put("trackId", trackId);
        data.put("encoding", encoding);
        data.put("reason", reason);
        return custom("encodingSwitched", data);
    }

    static String vadNotification(String trackId, boolean speech) {
        ObjectNode data = NODES.objectNode();
        data.put("trackId", trackId);
        data.put("status", speech ? "speech" : "silence");
        return custom("vadNotification", data);
    }

    static String bandwidthEstimation(double bitsPerSecond) {
        ObjectNode data = NODES.objectNode();
        data.put("estimation", bitsPerSecond);
        return custom("bandwidthEstimation", data);
    }

    /** {@code error}, top level: the SDK reports it as joinError (webrtc.md 2.3). */
    static String error(String message) {
        ObjectNode root = NODES.objectNode();
        root.put("type", "error");
        root.putObject("data").put("message", message);
        return write(root);
    }

    private static String custom(String type, ObjectNode data) {
        ObjectNode root = NODES.objectNode();
        root.put("type", "custom");
        ObjectNode inner = root.putObject("data");
        inner.put("type", type);
        inner.set("data", data);
        return write(root);
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing a JSON tree cannot fail", e);
        }
    }
}
