/**
 * Server notifications (websockets-and-notifications.md 3 and 4): room events converted once to
 * {@code ServerMessage} protobufs, fanned out to the server sockets subscribed to them, the
 * periodic metrics report, and the webhooks of each room.
 */
module io.jellyfish.notifications {
    requires transitive io.jellyfish.api;
    requires transitive io.jellyfish.protocol;
    // The webhooks' HTTP client.
    requires org.eclipse.jetty.client;
    requires com.fasterxml.jackson.core;

    exports io.jellyfish.notifications;
}
