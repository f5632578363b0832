package io.jellyfish.api.room;

/** Whether a peer's socket is authenticated right now. */
public enum PeerStatus {
    CONNECTED("connected"), DISCONNECTED("disconnected");

    private final String wireName;

    PeerStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
