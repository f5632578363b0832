package io.jellyfish.http;

import io.jellyfish.api.spi.ServerMetrics;
import io.jellyfish.http.json.Json;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * What every request meets before the REST router: CORS (fully permissive, as Jellyfish), the
 * request-body cap, and the estimated HTTP traffic counters of metrics.md 3.5.
 */
final class FrontHandler extends Handler.Wrapper {

    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Accept, Origin, User-Agent";

    private final ServerMetrics metrics;
    private final long maxBodyBytes;

    FrontHandler(Handler next, ServerMetrics metrics, long maxBodyBytes) {
        super(next);
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        if (HttpMethod.OPTIONS.is(request.getMethod())) {
            // CORS pre-flight: not counted as API traffic.
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
            headers.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "86400");
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        long ingress = ingressEstimate(request);
        Callback counted = new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                record();
                super.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                record();
                super.failed(failure);
            }

            private void record() {
                metrics.httpRequest(ingress, egressEstimate(response));
            }
        };
        long declaredLength = request.getLength();
        if (declaredLength > maxBodyBytes) {
            // Refused before a byte of the body is read.
            response.setStatus(413);
            headers.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            headers.put(HttpHeader.CONNECTION, "close");
            response.write(true, ByteBuffer.wrap(Json.frameworkError("Payload Too Large")), counted);
            return true;
        }
        return super.handle(request, response, counted);
    }

    /** len(method) + len(path) + len(query) + sum(len(name) + len(value) + 4) + 14. */
    private static long ingressEstimate(Request request) {
        String query = request.getHttpURI().getQuery();
        long size = request.getMethod().length() + request.getHttpURI().getPath().length()
                + (query == null ? 0 : query.length()) + 14;
        for (HttpField field : request.getHeaders()) {
            size += field.getName().length() + field.getValue().length() + 4;
        }
        return size;
    }

    /** len(body) + sum(len(name) + len(value) + 4) + 79. */
    private static long egressEstimate(Response response) {
        long size = Response.getContentBytesWritten(response) + 79;
        for (HttpField field : response.getHeaders()) {
            size += field.getName().length() + field.getValue().length() + 4;
        }
        return size;
    }
}
