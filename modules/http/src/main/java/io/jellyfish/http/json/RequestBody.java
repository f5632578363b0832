package io.jellyfish.http.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Turns a request body into a JSON tree, as Phoenix's parsers do: JSON, or a URL-encoded form
 * whose values are all strings. An empty body is {@code {}}. Anything else is refused with a
 * framework error (400 for malformed JSON, 415 for other media types).
 */
public final class RequestBody {

    private RequestBody() {
    }

    public static JsonNode parse(byte[] body, MediaType contentType) {
        if (body == null || body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        if (contentType == null || isJson(contentType)) {
            try {
                JsonNode tree = Json.MAPPER.readTree(body);
                return tree == null ? Json.MAPPER.createObjectNode() : tree;
            } catch (JacksonException e) {
                throw new BadRequestException("malformed JSON body");
            } catch (java.io.IOException e) {
                throw new BadRequestException("unreadable body");
            }
        }
        if (contentType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return parseForm(new String(body, StandardCharsets.UTF_8));
        }
        throw new NotSupportedException("unsupported content type " + contentType);
    }

    private static boolean isJson(MediaType type) {
        return "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
    }

    /** {@code a=1&b[c]=2} becomes {@code {"a":"1","b":{"c":"2"}}}; every value stays a string. */
    private static ObjectNode parseForm(String form) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key;
            String value;
            try {
                key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("malformed form body");
            }
            int bracket = key.indexOf('[');
            if (bracket > 0 && key.endsWith("]")) {
                JsonNode nested = root.get(key.substring(0, bracket));
                ObjectNode object = nested instanceof ObjectNode existing ? existing
                        : root.putObject(key.substring(0, bracket));
                object.put(key.substring(bracket + 1, key.length() - 1), value);
            } else {
                root.put(key, value);
            }
        }
        return root;
    }
}
