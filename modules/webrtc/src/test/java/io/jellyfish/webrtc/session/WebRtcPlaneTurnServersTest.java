package io.jellyfish.webrtc.session;

import io.jellyfish.api.config.JellyfishConfig;
import io.jellyfish.webrtc.stun.Stun;
import io.jellyfish.webrtc.stun.StunMessage;
import io.jellyfish.webrtc.turn.TcpTurnTestClient;
import io.jellyfish.webrtc.turn.TurnCredentials;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** integratedTurnServers (webrtc.md 4.1) and the node-wide TCP TURN listener behind its second entry. */
class WebRtcPlaneTurnServersTest {
    private static final TurnCredentials.Issued UDP = TurnCredentials.withRandomSecret(InstantSource.system())
            .issue("peer-1");

    private static JellyfishConfig.WebRtc config(Optional<Integer> tcpPort) {
        return new JellyfishConfig.WebRtc(true, "127.0.0.1", "127.0.0.1", 50000, 59999, tcpPort);
    }

    @Test
    void onlyTheUdpEntryWithoutATcpPort() {
        WebRtcPlane plane = new WebRtcPlane(config(Optional.empty()));
        try {
            assertEquals(List.of(new MediaEvents.TurnServer("127.0.0.1", 50001, "udp", UDP.username(), UDP.password())),
                    plane.turnServers("peer-1", 50001, UDP));
        } finally {
            plane.close();
        }
    }

    @Test
    void theTcpEntryFollowsTheUdpOneAndItsCredentialOpensTheSharedListener() throws Exception {
        WebRtcPlane plane = new WebRtcPlane(config(Optional.of(0))); // 0: any free port, for the test
        try {
            List<MediaEvents.TurnServer> servers = plane.turnServers("peer-1", 50001, UDP);
            assertEquals(2, servers.size());
            assertEquals("udp", servers.get(0).transport());
            MediaEvents.TurnServer tcp = servers.get(1);
            assertEquals("tcp", tcp.transport());
            assertEquals("127.0.0.1", tcp.serverAddr());
            assertTrue(tcp.username().endsWith(":peer-1"));
            assertNotEquals(UDP.password(), tcp.password(), "the TCP listener has its own node-wide secret");
            assertFalse(tcp.toString().contains(tcp.password()));

            try (TcpTurnTestClient client = new TcpTurnTestClient(new InetSocketAddress(tcp.serverAddr(), tcp.serverPort()))) {
                client.challenge();
                client.credentials(new TurnCredentials.Issued(tcp.username(), tcp.password()));
                StunMessage allocated = client.request(client.authenticated(Stun.ALLOCATE)
                        .addRequestedTransport(Stun.TRANSPORT_UDP));
                assertTrue(allocated.is(Stun.ALLOCATE, Stun.SUCCESS));
            }
        } finally {
            plane.close();
        }
    }
}
