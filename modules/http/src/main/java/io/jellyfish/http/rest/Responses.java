package io.jellyfish.http.rest;

import io.jellyfish.http.json.Json;
import jakarta.ws.rs.core.Response;

/** Builds responses with the API's envelopes and content type. */
final class Responses {

    /** Written as a plain header string: JAX-RS would print a MediaType without the space clients expect. */
    static final String JSON_UTF8 = "application/json; charset=utf-8";

    private Responses() {
    }

    /** {@code {"data": ...}} with the given status. */
    static Response data(int status, Json.Writer payload) {
        byte[] body = Json.write(json -> {
            json.writeStartObject();
            json.writeFieldName("data");
            payload.write(json);
            json.writeEndObject();
        });
        return Response.status(status).header("Content-Type", JSON_UTF8).entity(body).build();
    }

    static Response error(int status, String message) {
        return Response.status(status).header("Content-Type", JSON_UTF8).entity(Json.error(message)).build();
    }

    static Response noContent() {
        return Response.noContent().build();
    }

    /** The plain-text 201 bodies of subscribe and dial. */
    static Response createdText(String text) {
        return Response.status(201).header("Content-Type", "text/plain; charset=utf-8").entity(text).build();
    }
}
