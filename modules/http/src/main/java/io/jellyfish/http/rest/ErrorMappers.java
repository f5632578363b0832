package io.jellyfish.http.rest;

import io.jellyfish.api.room.RoomException;
import io.jellyfish.http.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.eclipse.jetty.http.HttpException;

import java.lang.System.Logger.Level;

/** Maps every failure to the API's JSON error envelopes (http-api.md 1.1): never an HTML page or a stack trace. */
final class ErrorMappers {

    private static final System.Logger LOG = System.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    /** Application errors: {@code {"errors": "<message>"}}. */
    static final class RoomErrors implements ExceptionMapper<RoomException> {
        @Override
        public Response toResponse(RoomException e) {
            int status = switch (e.kind()) {
                case BAD_REQUEST -> 400;
                case NOT_FOUND -> 404;
                case UNAVAILABLE -> 503;
            };
            return Responses.error(status, e.getMessage());
        }
    }

    /** Framework errors (no route, malformed body, not acceptable, ...): {@code {"errors": {"detail": "<reason>"}}}. */
    static final class FrameworkErrors implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            // Phoenix answers a wrong method on an existing path like any unknown route.
            if (status == 405) {
                status = 404;
            }
            if (status >= 500) {
                LOG.log(Level.ERROR, "request failed", e);
            }
            return framework(status);
        }
    }

    /** Anything unexpected: a 500 with the framework envelope; the details go to the log, not the client. */
    static final class UnexpectedErrors implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            // A body the client broke off or mis-encoded surfaces here as Jetty's HTTP exception: a 4xx.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                    LOG.log(Level.DEBUG, "malformed request body", e);
                    return framework(http.getCode());
                }
            }
            LOG.log(Level.ERROR, "request failed", e);
            return framework(500);
        }
    }

    static Response framework(int status) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String reason = type != null ? type.getReasonPhrase() : "Error";
        return Response.status(status).header("Content-Type", Responses.JSON_UTF8).entity(Json.frameworkError(reason)).build();
    }
}
