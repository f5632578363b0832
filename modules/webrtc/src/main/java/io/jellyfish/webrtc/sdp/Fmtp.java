package io.jellyfish.webrtc.sdp;

import java.util.Map;
import java.util.Optional;

/**
 * {@code a=fmtp:<pt> <parameters>}. {@code parameters} keeps the offer's order; a parameter without
 * {@code =} maps to {@code ""}.
 */
public record Fmtp(int payloadType, String raw, Map<String, String> parameters) {

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** Re-serializes the parameters as {@code k=v;k=v} (what the answer writes, 3.11). */
    public String serialize() {
        StringBuilder out = new StringBuilder();
        parameters.forEach((k, v) -> {
            if (!out.isEmpty()) {
                out.append(';');
            }
            out.append(k);
            if (!v.isEmpty()) {
                out.append('=').append(v);
            }
        });
        return out.toString();
    }
}
