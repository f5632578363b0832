package io.jellyfish.webrtc.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jellyfish.webrtc.stun.StunIntegrity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    private final TestClock clock = new TestClock();

    @Test
    void usernameCarriesTheExpiryAndTheEndpoint() {
        TurnCredentials credentials = new TurnCredentials("0123456789abcdef0123", clock);
        TurnCredentials.Issued issued = credentials.issue("endpoint-7");

        long expiry = clock.instant().plus(Duration.ofHours(24)).getEpochSecond();
        assertEquals(expiry + ":endpoint-7", issued.username());
        assertFalse(issued.toString().contains(issued.password()));
    }

    @Test
    void passwordIsTheTurnRestApiHmac() throws Exception {
        TurnCredentials credentials = new TurnCredentials("0123456789abcdef0123", clock);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal("1700000000:abc".getBytes(StandardCharsets.UTF_8)));

        assertEquals(expected, credentials.passwordFor("1700000000:abc"));
    }

    @Test
    void keyIsRefusedOnceExpiredOrWithoutTimestamp() {
        TurnCredentials credentials = TurnCredentials.withRandomSecret(clock);
        String username = credentials.issue("peer").username();

        assertArrayEquals(StunIntegrity.longTermKey(username, "realm", credentials.passwordFor(username)),
                credentials.keyFor(username, "realm"));
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertNull(credentials.keyFor(username, "realm"));
        assertNull(credentials.keyFor("peer", "realm"));
        assertNull(credentials.keyFor(":peer", "realm"));
        assertNull(credentials.keyFor("12x:peer", "realm"));
        assertNull(credentials.keyFor("99999999999999999999:peer", "realm"));
    }

    @Test
    void randomSecretIsTwentyLowercaseHexCharactersAndNeverPrinted() {
        String secret = TurnCredentials.randomSecret();
        assertTrue(secret.matches("[0-9a-f]{20}"), secret);
        assertFalse(new TurnCredentials(secret, clock).toString().contains(secret));
    }

    @Test
    void portRangeSplitsLikeJellyfish() {
        TurnPortRange range = new TurnPortRange(50000, 59999);
        assertEquals(new TurnPortRange(50000, 54999), range.listenerHalf());
        assertEquals(new TurnPortRange(55000, 59999), range.relayHalf());
        assertEquals(new TurnPortRange(50000, 50000), new TurnPortRange(50000, 50000).relayHalf());
        assertTrue(range.contains(59999));
    }
}
