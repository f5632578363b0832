package io.jellyfish.webrtc.turn;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * How a {@link TurnListener} exchanges STUN messages and ChannelData with its clients: datagrams
 * on one UDP socket, or frames cut from each client's TCP stream (webrtc.md 4.4). The listener
 * handles what arrives and decides what to send; the transport only moves bytes.
 */
interface TurnTransport extends AutoCloseable {
    /** What the transport hands its traffic to. */
    interface Receiver {
        /**
         * One datagram or stream frame from {@code client}: valid only during the call. A client's
         * frames arrive on one thread, in order.
         */
        void receive(InetSocketAddress client, byte[] data, int offset, int length);

        /** The client's connection is gone (stream transports): its allocation goes with it. */
        void disconnected(InetSocketAddress client);
    }

    /** Starts delivering to {@code receiver}. */
    void start(Receiver receiver);

    /**
     * Sends one complete STUN message or ChannelData frame, {@code frame}'s remaining bytes, to
     * {@code client}. Thread-safe; never blocks on a slow client.
     *
     * @return false if it was dropped: no such client, a full send queue, or a socket failure
     */
    boolean send(InetSocketAddress client, ByteBuffer frame);

    /** Stream transports pad ChannelData to a multiple of 4 bytes (RFC 5766 §11.5). */
    boolean isStream();

    InetSocketAddress localAddress();

    /** Called about once a second: closes clients that have gone quiet, where that applies. */
    default void closeIdle() {
    }

    @Override
    void close();
}
