/**
 * Server notifications (websockets-and-notifications.md 3 and 4): room events converted once to
 * {@code ServerMessage} protobufs, fanned out to the server sockets subscribed to them, the
 * periodic metrics report, and the webhooks of each room.
 */
module io.jellyfish.notifications {
    requires transitive io.jellyfish.api;
    requires transitive io.jellyfish.protocol;
    requires java.net.http;
    requires com.fasterxml.jackson.core;

    exports io.jellyfish.notifications;
}
