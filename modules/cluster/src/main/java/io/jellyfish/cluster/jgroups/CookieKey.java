package io.jellyfish.cluster.jgroups;

import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Derives the cluster's AES-256 key from JF_DIST_COOKIE. PBKDF2 makes guessing a weak cookie from
 * captured traffic expensive; the fixed salt binds the key to this purpose and protocol version.
 */
public final class CookieKey {

    private static final byte[] SALT = "jellyfish cluster traffic v1".getBytes(StandardCharsets.UTF_8);
    private static final int ITERATIONS = 210_000;

    private CookieKey() {
    }

    public static SecretKey derive(String cookie) {
        try {
            PBEKeySpec spec = new PBEKeySpec(cookie.toCharArray(), SALT, ITERATIONS, 256);
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            return new SecretKeySpec(key, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }
}
