package io.jellyfish.http.rest;

import io.jellyfish.http.json.Json;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;

/** An error response Jersey produced without a body gets the framework envelope, so clients always see JSON. */
final class ErrorBodyFilter implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status >= 400 && !response.hasEntity() && !"HEAD".equals(request.getMethod())) {
            Response.StatusType type = Response.Status.fromStatusCode(status);
            response.setEntity(Json.frameworkError(type != null ? type.getReasonPhrase() : "Error"));
            response.getHeaders().putSingle("Content-Type", Responses.JSON_UTF8);
        }
    }
}
