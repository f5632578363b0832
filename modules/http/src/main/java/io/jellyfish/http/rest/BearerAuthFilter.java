package io.jellyfish.http.rest;

import io.jellyfish.http.json.Json;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Bearer-token check of http-api.md 1.5. It runs after route matching (so unknown routes are
 * 404 without a token, and Accept negotiation comes first) and only on protected routes.
 */
final class BearerAuthFilter implements ContainerRequestFilter {

    private static final String PREFIX = "Bearer ";
    private static final String EMPTY_BEARER = "Bearer";

    private final byte[] token;

    BearerAuthFilter(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> headers = request.getHeaders().get("Authorization");
        String value = headers == null || headers.size() != 1 ? null : headers.get(0);
        // HTTP strips trailing whitespace from header values, so "Bearer " (an empty token) arrives as "Bearer".
        if (EMPTY_BEARER.equals(value)) {
            value = PREFIX;
        }
        if (value == null || !value.startsWith(PREFIX)) {
            request.abortWith(unauthorized("Missing token"));
            return;
        }
        byte[] presented = value.substring(PREFIX.length()).getBytes(StandardCharsets.UTF_8);
        // Constant time: the response time must not reveal how much of a guessed token was right.
        if (!MessageDigest.isEqual(presented, token)) {
            request.abortWith(unauthorized("Invalid token"));
        }
    }

    private static Response unauthorized(String message) {
        return Response.status(401).header("Content-Type", Responses.JSON_UTF8).entity(Json.error(message)).build();
    }
}
