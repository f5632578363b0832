package io.jellyfish.http.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.api.room.RoomConfig;
import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.VideoCodec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Validates a create-room body in the order of http-api.md 4.2, with its exact messages.
 * An absent field and an explicit JSON null mean the same: "not set".
 */
public final class RoomConfigParser {

    private static final Pattern ROOM_ID = Pattern.compile("[a-zA-Z0-9-]+");

    private RoomConfigParser() {
    }

    public static RoomConfig parse(JsonNode body) {
        String roomId = roomId(field(body, "roomId"));
        Integer maxPeers = maxPeers(field(body, "maxPeers"));
        VideoCodec videoCodec = videoCodec(field(body, "videoCodec"));
        String webhookUrl = webhookUrl(field(body, "webhookUrl"));
        Integer peerlessPurgeTimeout = positiveInteger(field(body, "peerlessPurgeTimeout"), "peerlessPurgeTimeout");
        Integer peerDisconnectedTimeout = positiveInteger(field(body, "peerDisconnectedTimeout"), "peerDisconnectedTimeout");
        return new RoomConfig(roomId, maxPeers, videoCodec, webhookUrl, peerlessPurgeTimeout, peerDisconnectedTimeout);
    }

    /** The field's value, or null when absent or JSON null. A non-object body has no fields. */
    private static JsonNode field(JsonNode body, String name) {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private static String roomId(JsonNode value) {
        if (value == null) {
            return UUID.randomUUID().toString();
        }
        if (value.isTextual() && ROOM_ID.matcher(value.textValue()).matches()) {
            return value.textValue();
        }
        throw RoomException.badRequest("Cannot add room with id \"" + ValueText.of(value)
                + "\" - roomId may contain only alphanumeric characters and hyphens");
    }

    private static Integer maxPeers(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0) {
            return value.intValue();
        }
        throw RoomException.badRequest("Expected maxPeers to be a number, got: " + ValueText.of(value));
    }

    private static VideoCodec videoCodec(JsonNode value) {
        if (value == null) {
            return null;
        }
        VideoCodec codec = value.isTextual() ? VideoCodec.fromWireName(value.textValue()) : null;
        if (codec == null) {
            throw RoomException.badRequest("Expected videoCodec to be 'h264' or 'vp8', got: " + ValueText.of(value));
        }
        return codec;
    }

    private static String webhookUrl(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual() && isUrlWithSchemeHostAndPath(value.textValue())) {
            return value.textValue();
        }
        throw RoomException.badRequest("Expected webhookUrl to be valid URL, got: " + ValueText.of(value));
    }

    /** As Elixir's URI.parse check: scheme, host and path all present ("https://example.com" has no path). */
    private static boolean isUrlWithSchemeHostAndPath(String text) {
        try {
            URI uri = new URI(text);
            return notEmpty(uri.getScheme()) && notEmpty(uri.getHost()) && notEmpty(uri.getRawPath());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static Integer positiveInteger(JsonNode value, String name) {
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() > 0) {
            return value.intValue();
        }
        throw RoomException.badRequest("Expected " + name + " to be a positive integer, got: " + ValueText.of(value));
    }
}
