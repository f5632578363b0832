package io.jellyfish.api.cluster;

import java.util.function.BiConsumer;

/**
 * The cluster-wide event bus of Jellyfish 0.5.0: server notifications and metrics reports produced
 * on one member reach the server sockets of every member. Messages are the encoded protobuf
 * {@code ServerMessage}s; each member's messages arrive in the order that member published them.
 */
public interface ClusterBus {

    /** What a message is, so the receiver hands it to the right subscribers. */
    enum Kind { NOTIFICATION, METRICS }

    /** Sends this node's message to every other member. Never blocks: it is called under room locks. */
    void publish(Kind kind, byte[] message);

    /** Receives the messages the other members publish (not this node's own). */
    void subscribe(BiConsumer<Kind, byte[]> receiver);
}
