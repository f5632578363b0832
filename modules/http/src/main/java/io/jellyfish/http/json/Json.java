package io.jellyfish.http.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapper of the HTTP API, with parsing limits, and a helper for streaming writers. */
public final class Json {

    /** Nesting deeper than this is refused: no legitimate request body needs it. */
    private static final int MAX_NESTING_DEPTH = 64;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(100)
                            .build())
                    .build())
            .build();

    private Json() {
    }

    /** A body writer: fills a generator. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    /** Runs a streaming writer and returns the UTF-8 bytes. */
    public static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** {@code {"errors": "<message>"}}: an application error. */
    public static byte[] error(String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("errors", message);
            json.writeEndObject();
        });
    }

    /** {@code {"errors": {"detail": "<reason phrase>"}}}: a framework error (no route, malformed body, ...). */
    public static byte[] frameworkError(String reasonPhrase) {
        return write(json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("errors");
            json.writeStringField("detail", reasonPhrase);
            json.writeEndObject();
            json.writeEndObject();
        });
    }
}
