/**
 * The wire messages of the peer socket, the server socket and the webhooks: the classes protoc
 * generates at build time from {@code jellyfish/peer_notifications.proto} ({@code PeerMessage})
 * and {@code jellyfish/server_notifications.proto} ({@code ServerMessage}), package {@code jellyfish}.
 *
 * <p>protobuf-java is an automatic module ({@code Automatic-Module-Name: com.google.protobuf}); it
 * is required transitively because the generated types extend its classes. The package is exported
 * unconditionally: protobuf's reflective field accessors (used by {@code toString}, {@code equals})
 * call the generated public methods, which needs no {@code opens}.
 */
@SuppressWarnings("requires-transitive-automatic")
module io.jellyfish.protocol {
    requires transitive com.google.protobuf;

    exports io.jellyfish.protocol;
}
