/**
 * The REST API and the peer and server WebSockets: Jetty 12 serves, Jersey 3 routes, Jackson reads
 * and writes JSON, the sockets speak the protobuf messages of io.jellyfish.protocol.
 * Jersey and HK2 ship without module descriptors and reach our resource classes by reflection,
 * so they sit on the module path as automatic modules and the resource package is opened to them.
 */
module io.jellyfish.http {
    requires io.jellyfish.api;
    requires org.eclipse.jetty.server;
    // The peer and server sockets: Jetty's core WebSocket server (an explicit module, no reflection).
    requires org.eclipse.jetty.websocket.core.server;
    // Server notifications and webhooks; it brings io.jellyfish.protocol (the protobuf messages)
    // and com.google.protobuf (automatic module) as transitive dependencies.
    requires io.jellyfish.notifications;
    requires com.fasterxml.jackson.databind;
    requires jakarta.ws.rs;
    requires jakarta.inject;
    requires jersey.server;
    requires jersey.common;
    requires jersey.container.jetty.http;
    // The injection manager Jersey finds through its own ServiceLoader lookup.
    requires jersey.hk2;
    // Needed at run time by Jersey and its Jetty container, automatic modules that cannot declare them.
    requires jakarta.annotation;
    requires jakarta.validation;
    requires org.eclipse.jetty.security;

    // Jersey instantiates nothing of ours (resources are registered as instances) but invokes
    // resource and provider methods reflectively.
    opens io.jellyfish.http.rest;

    provides io.jellyfish.api.spi.HttpApiProvider with io.jellyfish.http.HttpApiProviderImpl;
}
