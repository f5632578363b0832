package io.jellyfish.http.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

import java.net.URI;

/**
 * Trailing slashes and empty segments are ignored (http-api.md 1.4): {@code /room/} is
 * {@code /room}. The raw (still percent-encoded) path is rewritten, so an encoded slash inside a
 * segment stays inside its parameter.
 */
@PreMatching
final class PathNormalizer implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getRawPath();
        if (path == null || (!path.contains("//") && !(path.length() > 1 && path.endsWith("/")))) {
            return;
        }
        StringBuilder normalized = new StringBuilder(path.length());
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                normalized.append('/').append(segment);
            }
        }
        if (normalized.isEmpty()) {
            normalized.append('/');
        }
        String query = uri.getRawQuery();
        URI rewritten = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + normalized
                + (query == null ? "" : "?" + query));
        request.setRequestUri(request.getUriInfo().getBaseUri(), rewritten);
    }
}
