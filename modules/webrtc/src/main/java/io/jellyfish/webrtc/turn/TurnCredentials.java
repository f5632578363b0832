package io.jellyfish.webrtc.turn;

import io.jellyfish.webrtc.stun.StunIntegrity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The TURN REST API credentials of one listener (webrtc.md 4.1): username
 * {@code "<unix seconds>:<endpoint id>"}, password base64(HMAC-SHA1(secret, username)).
 *
 * <p>Unlike the engine, which never checks the timestamp, this server treats it as an expiry and
 * refuses expired usernames with 401. Clients reuse their first credentials for the whole session,
 * so the timestamp is issued {@link #VALIDITY} ahead.
 */
public final class TurnCredentials {
    public static final Duration VALIDITY = Duration.ofHours(24);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String secret;
    private final InstantSource clock;

    public TurnCredentials(String secret, InstantSource clock) {
        this.secret = Objects.requireNonNull(secret);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Credentials with a fresh {@link #randomSecret()}. */
    public static TurnCredentials withRandomSecret(InstantSource clock) {
        return new TurnCredentials(randomSecret(), clock);
    }

    /** A listener secret as the engine makes them: 20 random lowercase hex characters. */
    public static String randomSecret() {
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A username/password pair for {@code endpointId}, valid for {@link #VALIDITY}. */
    public Issued issue(String endpointId) {
        long expiry = clock.instant().plus(VALIDITY).getEpochSecond();
        String username = expiry + ":" + endpointId;
        return new Issued(username, passwordFor(username));
    }

    /** base64(HMAC-SHA1(secret, username)). */
    public String passwordFor(String username) {
        byte[] mac = StunIntegrity.hmacSha1(secret.getBytes(StandardCharsets.UTF_8),
                username.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac);
    }

    /**
     * The long-term MESSAGE-INTEGRITY key for a presented username, or null if the username has no
     * timestamp or has expired.
     */
    byte[] keyFor(String username, String realm) {
        if (isExpiredOrMalformed(username)) {
            return null;
        }
        return StunIntegrity.longTermKey(username, realm, passwordFor(username));
    }

    private boolean isExpiredOrMalformed(String username) {
        int colon = username.indexOf(':');
        if (colon <= 0 || colon > 18) {
            return true;
        }
        long expiry = 0;
        for (int i = 0; i < colon; i++) {
            char c = username.charAt(i);
            if (c < '0' || c > '9') {
                return true;
            }
            expiry = expiry * 10 + (c - '0');
        }
        return expiry < clock.instant().getEpochSecond();
    }

    @Override
    public String toString() {
        return "TurnCredentials[secret=<hidden>]";
    }

    /** One issued credential; {@code toString} leaves the password out. */
    public record Issued(String username, String password) {
        @Override
        public String toString() {
            return "Issued[username=" + username + ", password=<hidden>]";
        }
    }
}
