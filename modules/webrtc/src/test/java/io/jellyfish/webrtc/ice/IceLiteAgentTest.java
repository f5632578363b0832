package io.jellyfish.webrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jellyfish.webrtc.stun.Stun;
import io.jellyfish.webrtc.stun.StunIntegrity;
import io.jellyfish.webrtc.stun.StunMessage;
import io.jellyfish.webrtc.stun.StunMessageBuilder;
import io.jellyfish.webrtc.turn.RelayPath;
import io.jellyfish.webrtc.turn.TestClock;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class IceLiteAgentTest {
    private final TestClock clock = new TestClock();
    private final List<RelayPath> nominations = new ArrayList<>();
    private final IceLiteAgent agent = new IceLiteAgent(nominations::add, clock);
    private final RecordingPath pathA = new RecordingPath(57001);
    private final RecordingPath pathB = new RecordingPath(57002);

    @Test
    void credentialsHaveIceLengthsAndRestartReplacesThem() {
        String ufrag = agent.localUfrag();
        String pwd = agent.localPwd();
        assertTrue(ufrag.matches("[A-Za-z0-9]{4}"), ufrag);
        assertTrue(pwd.matches("[A-Za-z0-9]{22}"), pwd);
        agent.restart();
        assertNotEquals(pwd, agent.localPwd());
    }

    @Test
    void answersAValidCheckWithTheRelayedAddress() throws Exception {
        byte[] check = check(agent.localUfrag() + ":remote", agent.localPwd(), false);
        agent.handleStun(check, 0, check.length, pathA);

        StunMessage response = pathA.last();
        assertTrue(response.is(Stun.BINDING, Stun.SUCCESS));
        assertTrue(response.hasTransactionId(Arrays.copyOfRange(check, 8, 20)));
        assertEquals(pathA.relayedAddress(), response.xorAddress(Stun.ATTR_XOR_MAPPED_ADDRESS));
        assertTrue(response.verifyIntegrity(StunIntegrity.shortTermKey(agent.localPwd())));
        assertTrue(response.verifyFingerprint());
        assertNull(agent.selectedPath(), "no USE-CANDIDATE, no selection");
        assertTrue(nominations.isEmpty());
    }

    @Test
    void refusesBadCredentialsWith401() throws Exception {
        agent.setRemoteCredentials("remote", "remote-password");
        assertEquals(401, answer(check(agent.localUfrag() + ":remote", "wrong-password-xxxxxxx", true)).errorCode());
        assertEquals(401, answer(check("zzzz:remote", agent.localPwd(), true)).errorCode());
        assertEquals(401, answer(check(agent.localUfrag() + ":other", agent.localPwd(), true)).errorCode());
        assertEquals(401, answer(check(agent.localUfrag(), agent.localPwd(), true)).errorCode());
        assertNull(agent.selectedPath());
        assertTrue(nominations.isEmpty());
    }

    @Test
    void checkWithoutIntegrityIsABadRequest() throws Exception {
        byte[] check = new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, StunMessageBuilder.newTransactionId())
                .addString(Stun.ATTR_USERNAME, agent.localUfrag() + ":remote").build();
        assertEquals(400, answer(check).errorCode());
    }

    @Test
    void ignoresWhatIsNotABindingRequest() {
        byte[] indication = new StunMessageBuilder(Stun.BINDING, Stun.INDICATION, StunMessageBuilder.newTransactionId())
                .addFingerprint().build();
        agent.handleStun(indication, 0, indication.length, pathA);
        byte[] garbage = {0, 1, 2};
        agent.handleStun(garbage, 0, garbage.length, pathA);
        byte[] badFingerprint = check(agent.localUfrag() + ":r", agent.localPwd(), true);
        badFingerprint[badFingerprint.length - 1] ^= 1;
        agent.handleStun(badFingerprint, 0, badFingerprint.length, pathA);
        assertTrue(pathA.sent.isEmpty());
    }

    @Test
    void nominationSelectsThePathOncePerPathAndNegotiation() {
        nominate(pathA);
        assertSame(pathA, agent.selectedPath());
        nominate(pathA); // Chromium keeps USE-CANDIDATE on its nominated pair: no new event
        assertEquals(List.of(pathA), nominations);
        nominate(pathB);
        assertEquals(List.of(pathA, pathB), nominations);
        assertSame(pathB, agent.selectedPath());

        // ICE restart: the same allocation re-nominated under the new credentials completes it too.
        String oldUfrag = agent.localUfrag();
        String oldPwd = agent.localPwd();
        agent.restart();
        agent.setRemoteCredentials("new-remote", "new-remote-password");
        byte[] stale = check(oldUfrag + ":new-remote", oldPwd, true);
        agent.handleStun(stale, 0, stale.length, pathB);
        assertEquals(2, nominations.size(), "old credentials with a new remote ufrag are refused");
        byte[] check = check(agent.localUfrag() + ":new-remote", agent.localPwd(), true);
        agent.handleStun(check, 0, check.length, pathB);
        assertEquals(List.of(pathA, pathB, pathB), nominations);
    }

    @Test
    void theCredentialsBeforeARestartStillGetConsentAnswersButCannotNominate() throws Exception {
        agent.setRemoteCredentials("remote", "remote-password");
        String oldUfrag = agent.localUfrag();
        String oldPwd = agent.localPwd();
        nominate(pathA);
        agent.restart();

        // Chromium keeps checking the old pair until the restarted one is nominated (webrtc.md 4.5).
        byte[] oldCheck = check(oldUfrag + ":remote", oldPwd, true);
        agent.handleStun(oldCheck, 0, oldCheck.length, pathA);
        StunMessage consent = pathA.last();
        assertTrue(consent.is(Stun.BINDING, Stun.SUCCESS));
        assertTrue(consent.verifyIntegrity(StunIntegrity.shortTermKey(oldPwd)));
        assertEquals(List.of(pathA), nominations, "only the current credentials nominate");
        // The new credentials are not usable with the old remote ufrag, and the old ones with a new one.
        assertEquals(401, answer(check(oldUfrag + ":other", oldPwd, true)).errorCode());
    }

    @Test
    void consentIsTrackedOnTheSelectedPath() {
        assertEquals(-1, agent.lastConsentMillis());
        nominate(pathA);
        long first = agent.lastConsentMillis();
        assertEquals(clock.millis(), first);
        clock.advance(Duration.ofSeconds(5));
        byte[] check = check(agent.localUfrag() + ":remote", agent.localPwd(), false);
        agent.handleStun(check, 0, check.length, pathA);
        assertEquals(first + 5000, agent.lastConsentMillis());
        assertTrue(pathA.last().is(Stun.BINDING, Stun.SUCCESS));
    }

    @Test
    void isStunFollowsRfc7983() {
        assertTrue(IceLiteAgent.isStun(new byte[] {0, 1}, 0, 2));
        assertFalse(IceLiteAgent.isStun(new byte[] {22}, 0, 1));
        assertFalse(IceLiteAgent.isStun(new byte[] {(byte) 0x80}, 0, 1));
        assertFalse(IceLiteAgent.isStun(new byte[0], 0, 0));
    }

    private void nominate(RelayPath path) {
        byte[] check = check(agent.localUfrag() + ":remote", agent.localPwd(), true);
        agent.handleStun(check, 0, check.length, path);
    }

    private StunMessage answer(byte[] check) throws Exception {
        agent.handleStun(check, 0, check.length, pathA);
        StunMessage response = pathA.last();
        assertTrue(response.is(Stun.BINDING, Stun.ERROR));
        assertFalse(response.hasIntegrity());
        assertTrue(response.verifyFingerprint());
        return response;
    }

    private static byte[] check(String username, String password, boolean nominate) {
        StunMessageBuilder check = new StunMessageBuilder(Stun.BINDING, Stun.REQUEST, StunMessageBuilder.newTransactionId())
                .addString(Stun.ATTR_USERNAME, username)
                .addUInt32(Stun.ATTR_PRIORITY, 41885439)
                .addUInt64(Stun.ATTR_ICE_CONTROLLING, 42);
        if (nominate) {
            check.addFlag(Stun.ATTR_USE_CANDIDATE);
        }
        return check.addMessageIntegrity(StunIntegrity.shortTermKey(password)).addFingerprint().build();
    }

    /** A RelayPath that records what the agent sends. */
    private static final class RecordingPath implements RelayPath {
        final List<byte[]> sent = new ArrayList<>();
        private final InetSocketAddress relayed;

        RecordingPath(int relayPort) {
            this.relayed = new InetSocketAddress(InetAddress.getLoopbackAddress(), relayPort);
        }

        StunMessage last() {
            try {
                return StunMessage.parse(sent.getLast());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public boolean send(byte[] data, int offset, int length) {
            sent.add(Arrays.copyOfRange(data, offset, offset + length));
            return true;
        }

        @Override
        public InetSocketAddress relayedAddress() {
            return relayed;
        }

        @Override
        public InetSocketAddress peerAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
        }

        @Override
        public InetSocketAddress clientAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }
    }
}
