package io.jellyfish.api.room;

/** The video codec a room enforces ({@code videoCodec}); null in a config means any codec. */
public enum VideoCodec {
    H264("h264"), VP8("vp8");

    private final String wireName;

    VideoCodec(String wireName) {
        this.wireName = wireName;
    }

    /** The lowercase name used in JSON. */
    public String wireName() {
        return wireName;
    }

    /** The codec with this exact (case-sensitive) wire name, or null. */
    public static VideoCodec fromWireName(String name) {
        for (VideoCodec codec : values()) {
            if (codec.wireName.equals(name)) {
                return codec;
            }
        }
        return null;
    }
}
