package io.jellyfish.webrtc.sdp;

/** One {@code a=} line: {@code name} and the text after the first colon ({@code ""} for flags). */
public record Attribute(String name, String value) {
}
