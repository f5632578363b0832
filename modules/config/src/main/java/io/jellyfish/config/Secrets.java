package io.jellyfish.config;

import io.jellyfish.api.config.JellyfishConfig.Secret;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets for the variables that may be left unset. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** 32 random bytes, URL-safe Base64 without padding (43 characters): easy to paste into a header. */
    static Secret generatedApiToken() {
        return new Secret(Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32)), true);
    }

    /** 48 random bytes, Base64 (64 characters), as Jellyfish 0.5.0 generates its default. */
    static Secret generatedSecretKeyBase() {
        return new Secret(Base64.getEncoder().encodeToString(randomBytes(48)), true);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
