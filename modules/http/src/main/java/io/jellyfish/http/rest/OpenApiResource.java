package io.jellyfish.http.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves this API's OpenAPI document at {@code /openapi.json}, without authentication. */
@Path("/openapi.json")
public final class OpenApiResource {

    private final byte[] document;

    OpenApiResource() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream("/io/jellyfish/http/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the http module");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @PublicRoute
    @Produces("application/json")
    public Response get() {
        return Response.ok(document).header("Content-Type", Responses.JSON_UTF8).build();
    }
}
