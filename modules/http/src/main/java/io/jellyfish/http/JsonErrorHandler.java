package io.jellyfish.http;

import io.jellyfish.http.json.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Errors Jetty raises itself, before a request reaches the router (a malformed request line,
 * headers too large, an unreadable URI): answered with the framework envelope
 * {@code {"errors": {"detail": "<reason>"}}}, never an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_STATUS) instanceof Integer code) {
            status = code;
        }
        if (status < 400) {
            status = 500;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        String reason = HttpStatus.getMessage(status);
        response.write(true, ByteBuffer.wrap(Json.frameworkError(reason)), callback);
        return true;
    }
}
