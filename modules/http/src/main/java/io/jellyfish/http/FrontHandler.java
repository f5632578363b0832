package io.jellyfish.http;

import io.jellyfish.api.spi.ServerMetrics;
import io.jellyfish.http.json.Json;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * What every request meets before the REST router: CORS (fully permissive, as Jellyfish), the
 * request-body cap, and the estimated HTTP traffic counters of metrics.md 3.5.
 */
final class FrontHandler extends Handler.Wrapper {

    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Accept, Origin, User-Agent";

    /** {@code type/subtype} with optional parameters (RFC 9110 token characters). */
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+\\s*(;.*)?");

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
        CountedCallback counted = new CountedCallback(callback, () -> metrics.httpRequest(ingress, egressEstimate(response)));
        if (request.getLength() > maxBodyBytes) {
            // Refused before a byte of the body is read.
            headers.put(HttpHeader.CONNECTION, "close");
            return reject(response, 413, "Payload Too Large", counted);
        }
        if (!validPercentEncoding(request.getHttpURI().getQuery())) {
            // The router would fail to build the request URI; that is the client's malformed request.
            return reject(response, 400, "Bad Request", counted);
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !MEDIA_TYPE.matcher(contentType).matches()) {
            return reject(response, 400, "Bad Request", counted);
        }
        boolean handled = super.handle(request, response, counted);
        if (handled && !counted.isDone()) {
            // Every route is synchronous, so the router has finished with this request. It leaves
            // the callback uncompleted only when writing a committed response failed (the client
            // went away): complete it, or graceful shutdown would wait for it forever.
            counted.failed(new EofException("the client went away while the response was written"));
        }
        return handled;
    }

    /** Completes the wrapped callback exactly once, recording the traffic first. */
    private static final class CountedCallback implements Callback {
        private final Callback callback;
        private final Runnable record;
        private final AtomicBoolean done = new AtomicBoolean();

        CountedCallback(Callback callback, Runnable record) {
            this.callback = callback;
            this.record = record;
        }

        boolean isDone() {
            return done.get();
        }

        @Override
        public void succeeded() {
            if (done.compareAndSet(false, true)) {
                record.run();
                callback.succeeded();
            }
        }

        @Override
        public void failed(Throwable failure) {
            if (done.compareAndSet(false, true)) {
                record.run();
                callback.failed(failure);
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return callback.getInvocationType();
        }
    }

    private static boolean reject(Response response, int status, String reason, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(Json.frameworkError(reason)), callback);
        return true;
    }

    /** Every {@code %} is followed by two hex digits. */
    static boolean validPercentEncoding(String raw) {
        if (raw == null) {
            return true;
        }
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                    || Character.digit(raw.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
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
