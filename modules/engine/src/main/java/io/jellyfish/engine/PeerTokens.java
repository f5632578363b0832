package io.jellyfish.engine;

import io.jellyfish.api.room.RoomException;
import io.jellyfish.api.room.RoomService.PeerIdentity;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Peer tokens: {@code base64url(roomId \n peerId \n issuedAtMillis) "." base64url(HMAC-SHA256)}.
 * Clients treat them as opaque; only a server sharing JF_SECRET_KEY_BASE verifies them. Valid for
 * 24 hours, reusable after a disconnect.
 */
public final class PeerTokens {

    public static final Duration MAX_AGE = Duration.ofHours(24);
    public static final String INVALID = "invalid token";
    public static final String EXPIRED = "expired token";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 1024;

    private final SecretKeySpec key;
    private final Clock clock;

    public PeerTokens(String secretKeyBase, Clock clock) {
        // Derive a purpose-bound key so the secret key base can serve other purposes without key reuse.
        byte[] derived = hmac(new SecretKeySpec(secretKeyBase.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                "jellyfish peer token v1".getBytes(StandardCharsets.UTF_8));
        this.key = new SecretKeySpec(derived, "HmacSHA256");
        this.clock = clock;
    }

    public String issue(String roomId, String peerId) {
        String payload = roomId + "\n" + peerId + "\n" + clock.millis();
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payloadBytes) + "." + ENCODER.encodeToString(hmac(key, payloadBytes));
    }

    /** Returns the token's room and peer, or throws a {@link RoomException} whose message is the close reason. */
    public PeerIdentity verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw invalid();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        // Constant-time comparison: the time taken must not tell how much of a forged signature was right.
        if (!MessageDigest.isEqual(hmac(key, payload), signature)) {
            throw invalid();
        }
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 3) {
            throw invalid();
        }
        long issuedAt;
        try {
            issuedAt = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
        if (clock.millis() - issuedAt > MAX_AGE.toMillis()) {
            throw new RoomException(RoomException.Kind.BAD_REQUEST, EXPIRED);
        }
        return new PeerIdentity(parts[0], parts[1]);
    }

    private static RoomException invalid() {
        return new RoomException(RoomException.Kind.BAD_REQUEST, INVALID);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
