package io.jellyfish.webrtc.turn;

/**
 * An inclusive port range. JF_WEBRTC_TURN_PORT_RANGE is split at mid = ⌊(from+to)/2⌋ (webrtc.md
 * 4.7): the lower part holds the real UDP listener ports, the upper part the virtual relay ports.
 */
public record TurnPortRange(int min, int max) {
    /** Lets the operating system pick any free port (tests). */
    public static final TurnPortRange EPHEMERAL = new TurnPortRange(0, 0);

    public TurnPortRange {
        if (min < 0 || max > 65535 || min > max) {
            throw new IllegalArgumentException("bad port range " + min + "-" + max);
        }
    }

    /** {@code from..mid}: where the per-peer UDP TURN listeners bind. */
    public TurnPortRange listenerHalf() {
        return new TurnPortRange(min, mid());
    }

    /** {@code mid+1..to} (or {@code mid..to} when mid = to): the virtual relay ports. */
    public TurnPortRange relayHalf() {
        int mid = mid();
        return mid == max ? new TurnPortRange(mid, max) : new TurnPortRange(mid + 1, max);
    }

    public int size() {
        return max - min + 1;
    }

    public boolean contains(int port) {
        return port >= min && port <= max;
    }

    private int mid() {
        return (min + max) / 2;
    }
}
