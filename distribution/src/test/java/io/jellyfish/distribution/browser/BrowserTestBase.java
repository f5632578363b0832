package io.jellyfish.distribution.browser;

import io.jellyfish.distribution.harness.Harness;
import io.jellyfish.distribution.harness.Http;
import io.jellyfish.distribution.harness.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every browser test starts with: the tarball as a process on loopback, and headless Chromium
 * with the SDK (skipped, with the reason, where node, npm or Chromium are missing).
 */
abstract class BrowserTestBase {
    @RegisterExtension
    final Harness harness = new Harness();

    Node server;
    BrowserDriver browser;

    /** A peer added over REST: its id and the token its page connects with. */
    record Peer(String page, String id, String token) {
    }

    @BeforeEach
    void startServerAndBrowser() {
        String missing = E2eWorkspace.missingPrerequisite();
        assumeTrue(missing == null, missing);
        server = harness.loopback(getClass().getSimpleName()).start().awaitUp();
        browser = new BrowserDriver();
    }

    @AfterEach
    void stopBrowser() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
    }

    String createRoom(String body) {
        return server.createRoom(body).path("room").path("id").asText();
    }

    Peer addPeer(String roomId, String page, String body) {
        Http.Response added = server.post("/room/" + roomId + "/peer", body);
        assertEquals(201, added.status(), added.body());
        return new Peer(page, added.data().path("peer").path("id").asText(), added.data().path("token").asText());
    }
}
