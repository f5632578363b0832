package io.jellyfish.http.rest;

import io.jellyfish.api.room.RoomException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Recordings on disk (http-api.md 12) and live HLS content (11). Recordings are directories under
 * {@code <resources>/recordings}; every client-supplied name is resolved and checked to stay
 * inside its directory before the file system is touched.
 */
@jakarta.ws.rs.Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class MediaFilesResource {

    private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";

    private final Path recordings;

    MediaFilesResource(Path resourcesBasePath) {
        this.recordings = resourcesBasePath.resolve("recordings").toAbsolutePath().normalize();
    }

    @GET
    @jakarta.ws.rs.Path("recording")
    public Response list() {
        if (!Files.isDirectory(recordings)) {
            return Responses.data(200, json -> {
                json.writeStartArray();
                json.writeEndArray();
            });
        }
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(recordings, Files::isDirectory)) {
            for (Path entry : entries) {
                ids.add(entry.getFileName().toString());
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RoomException(RoomException.Kind.NOT_FOUND, "Unable to obtain recordings");
        }
        return Responses.data(200, json -> {
            json.writeStartArray();
            for (String id : ids) {
                json.writeString(id);
            }
            json.writeEndArray();
        });
    }

    @DELETE
    @jakarta.ws.rs.Path("recording/{recording_id}")
    public Response delete(@PathParam("recording_id") String recordingId) {
        Path directory = inside(recordings, recordingId);
        if (directory == null) {
            throw RoomException.badRequest("Invalid recording id, got: " + recordingId);
        }
        if (!Files.isDirectory(directory)) {
            throw new RoomException(RoomException.Kind.NOT_FOUND, "Recording not found");
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete recording " + recordingId, e);
        }
        return Responses.noContent();
    }

    @GET
    @PublicRoute
    @jakarta.ws.rs.Path("recording/{recording_id}/{filename}")
    @Produces(MediaType.WILDCARD)
    public Response recordingFile(@PathParam("recording_id") String recordingId,
                                  @PathParam("filename") String filename) {
        Path directory = inside(recordings, recordingId);
        if (directory == null) {
            throw RoomException.badRequest("Invalid recording, got: " + recordingId);
        }
        if (!Files.isDirectory(directory)) {
            throw fileNotFound();
        }
        Path file = inside(directory, filename);
        if (file == null) {
            throw RoomException.badRequest("Invalid filename, got: " + filename);
        }
        return fileContent(file, filename);
    }

    /** No room has an HLS component in this server yet, so no HLS output is registered. */
    @GET
    @PublicRoute
    @jakarta.ws.rs.Path("hls/{room_id}/{filename}")
    @Produces(MediaType.WILDCARD)
    public Response hlsFile(@PathParam("room_id") String roomId, @PathParam("filename") String filename) {
        throw fileNotFound();
    }

    private static Response fileContent(Path file, String filename) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            Response.ResponseBuilder response = Response.ok(bytes);
            if (filename.endsWith(".m3u8")) {
                response.type(PLAYLIST_TYPE);
            } else {
                response.type(MediaType.APPLICATION_OCTET_STREAM_TYPE);
            }
            return response.build();
        } catch (NoSuchFileException e) {
            throw fileNotFound();
        } catch (IOException e) {
            throw fileNotFound();
        }
    }

    /** {@code base/name} when it lies strictly inside {@code base}, else null ({@code .}, {@code ../x}, absolute paths). */
    private static Path inside(Path base, String name) {
        try {
            Path resolved = base.resolve(name).normalize();
            return resolved.startsWith(base) && !resolved.equals(base) ? resolved : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static RoomException fileNotFound() {
        return new RoomException(RoomException.Kind.NOT_FOUND, "File not found");
    }
}
