package io.jellyfish.webrtc.turn;

/**
 * The owner of a virtual host candidate: a peer session's ICE/DTLS/SRTP stack. TURN hands it what
 * a client sent through its allocation to that candidate's address (webrtc.md 4.3), unwrapped from
 * the Send indication or ChannelData. The session demultiplexes by first byte (RFC 7983).
 */
@FunctionalInterface
public interface VirtualPeer {
    /**
     * Called on a TURN listener thread. {@code data} is the listener's receive buffer: valid only
     * during the call, so copy what must outlive it, and return quickly.
     *
     * @param from the way back to the client, stable per allocation and virtual host address
     */
    void receive(byte[] data, int offset, int length, RelayPath from);
}
