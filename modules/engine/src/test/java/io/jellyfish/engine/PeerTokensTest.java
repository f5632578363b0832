package io.jellyfish.engine;

import io.jellyfish.api.room.RoomException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PeerTokensTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final PeerTokens tokens = new PeerTokens("key-base", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void roundTripsRoomAndPeer() {
        var identity = tokens.verify(tokens.issue("room-1", "peer-1"));
        assertEquals("room-1", identity.roomId());
        assertEquals("peer-1", identity.peerId());
    }

    @Test
    void aTokenSignedWithAnotherKeyIsInvalid() {
        String foreign = new PeerTokens("other-key", Clock.fixed(NOW, ZoneOffset.UTC)).issue("room-1", "peer-1");
        assertEquals("invalid token", assertThrows(RoomException.class, () -> tokens.verify(foreign)).getMessage());
    }

    @Test
    void aTamperedTokenIsInvalid() {
        String token = tokens.issue("room-1", "peer-1");
        String tampered = (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);
        assertNotEquals(token, tampered);
        assertEquals("invalid token", assertThrows(RoomException.class, () -> tokens.verify(tampered)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc", "a.b.c", "!!!.???", "invalidSFMyNTY"})
    void malformedTokensAreInvalid(String token) {
        assertEquals("invalid token", assertThrows(RoomException.class, () -> tokens.verify(token)).getMessage());
    }

    @Test
    void aTokenExpiresAfter24Hours() {
        String token = tokens.issue("room-1", "peer-1");
        PeerTokens later = new PeerTokens("key-base",
                Clock.fixed(NOW.plus(Duration.ofHours(24)).plusMillis(1), ZoneOffset.UTC));
        PeerTokens justInTime = new PeerTokens("key-base", Clock.fixed(NOW.plus(Duration.ofHours(24)), ZoneOffset.UTC));
        assertEquals("peer-1", justInTime.verify(token).peerId());
        assertEquals("expired token", assertThrows(RoomException.class, () -> later.verify(token)).getMessage());
    }
}
