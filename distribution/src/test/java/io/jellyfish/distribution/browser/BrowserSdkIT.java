package io.jellyfish.distribution.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.jellyfish.distribution.harness.Http;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The unmodified browser SDK {@code @jellyfish-dev/ts-client-sdk@0.4.0}, in headless Debian
 * Chromium, against the tarball: what an application using the SDK sees through its events.
 */
class BrowserSdkIT extends BrowserTestBase {

    private Peer addPeer(String roomId) {
        return addPeer(roomId, "-", "{\"type\":\"webrtc\"}");
    }

    private static JsonNode json(String text) {
        return Http.parse(text);
    }

    @Test
    void peersJoinSeeEachOtherWithMetadataAndAreDisconnectedByTheRestApi() {
        String roomId = createRoom("{}");
        Peer alice = addPeer(roomId);
        Peer bob = addPeer(roomId);

        browser.open("alice");
        browser.connect("alice", server.host(), alice.token(), json("{\"name\":\"alice\"}"));
        browser.await("alice", "authSuccess", r -> true);
        BrowserDriver.Report aliceJoined = browser.await("alice", "joined", r -> true);
        assertEquals(alice.id(), aliceJoined.data().path("peerId").asText());
        assertEquals(0, aliceJoined.data().path("peers").size(), aliceJoined.toString());

        browser.open("bob");
        browser.connect("bob", server.host(), bob.token(), json("{\"name\":\"bob\",\"seat\":2}"));
        BrowserDriver.Report bobJoined = browser.await("bob", "joined", r -> true);
        assertEquals(bob.id(), bobJoined.data().path("peerId").asText());
        JsonNode peersOfBob = bobJoined.data().path("peers");
        assertEquals(1, peersOfBob.size(), bobJoined.toString());
        assertEquals(alice.id(), peersOfBob.get(0).path("id").asText());
        assertEquals("webrtc", peersOfBob.get(0).path("type").asText());
        assertEquals(json("{\"name\":\"alice\"}"), peersOfBob.get(0).path("metadata"));

        // Alice's application learns of Bob with his metadata, verbatim.
        BrowserDriver.Report bobAppeared = browser.await("alice", "peerJoined", r -> r.data().path("id").asText().equals(bob.id()));
        assertEquals(json("{\"name\":\"bob\",\"seat\":2}"), bobAppeared.data().path("metadata"));

        // Metadata updates reach the other peer.
        browser.call("alice", "updateMetadata", json("{\"name\":\"alice\",\"muted\":true}"));
        browser.await("bob", "peerUpdated", r -> r.data().path("id").asText().equals(alice.id())
                && r.data().path("metadata").equals(json("{\"name\":\"alice\",\"muted\":true}")));

        // Deleting Bob through REST closes his socket with the spec's reason; Alice sees him leave.
        assertEquals(204, server.delete("/room/" + roomId + "/peer/" + bob.id()).status());
        BrowserDriver.Report closed = browser.await("bob", "socketClose", r -> true);
        assertEquals(1000, closed.data().path("code").asInt(), closed.toString());
        assertEquals("Peer removed", closed.data().path("reason").asText());
        browser.await("alice", "peerLeft", r -> r.data().path("id").asText().equals(bob.id()));
        assertTrue(browser.first("bob", "authError", r -> true).isEmpty(), browser.transcript());
    }

    @Test
    void anInvalidTokenGivesTheSdksAuthError() {
        server.createRoom("{}");
        browser.open("mallory");
        browser.connect("mallory", server.host(), "not-a-token", json("{\"name\":\"mallory\"}"));
        BrowserDriver.Report error = browser.await("mallory", "authError", r -> true);
        assertEquals("invalid token", error.data().path("reason").asText());
        assertTrue(browser.first("mallory", "joined", r -> true).isEmpty(), browser.transcript());
        assertTrue(browser.first("mallory", "authSuccess", r -> true).isEmpty(), browser.transcript());
    }
}
