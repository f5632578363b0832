package io.jellyfish.webrtc.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * Master keys and salts of both DTLS-SRTP directions. The client (browser) protects with the
 * client half, the server with the server half (RFC 5764 4.2).
 *
 * <p>The arrays are defensive copies; {@link #toString()} never prints key material.
 */
public record SrtpKeyingMaterial(
        SrtpProfile profile, byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {

    public SrtpKeyingMaterial {
        Objects.requireNonNull(profile, "profile");
        clientKey = checked(clientKey, profile.keyLength(), "clientKey");
        clientSalt = checked(clientSalt, profile.saltLength(), "clientSalt");
        serverKey = checked(serverKey, profile.keyLength(), "serverKey");
        serverSalt = checked(serverSalt, profile.saltLength(), "serverSalt");
    }

    /**
     * Splits DTLS exporter output laid out as client_key | server_key | client_salt | server_salt
     * (RFC 5764 4.2).
     */
    public static SrtpKeyingMaterial fromDtlsExporter(SrtpProfile profile, byte[] exported) {
        if (exported.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("expected " + profile.keyingMaterialLength()
                    + " bytes of keying material for " + profile + ", got " + exported.length);
        }
        int k = profile.keyLength();
        int s = profile.saltLength();
        return new SrtpKeyingMaterial(profile,
                Arrays.copyOfRange(exported, 0, k),
                Arrays.copyOfRange(exported, 2 * k, 2 * k + s),
                Arrays.copyOfRange(exported, k, 2 * k),
                Arrays.copyOfRange(exported, 2 * k + s, 2 * k + 2 * s));
    }

    @Override
    public byte[] clientKey() {
        return clientKey.clone();
    }

    @Override
    public byte[] clientSalt() {
        return clientSalt.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public byte[] serverSalt() {
        return serverSalt.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SrtpKeyingMaterial that
                && profile == that.profile
                && Arrays.equals(clientKey, that.clientKey)
                && Arrays.equals(clientSalt, that.clientSalt)
                && Arrays.equals(serverKey, that.serverKey)
                && Arrays.equals(serverSalt, that.serverSalt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(profile, Arrays.hashCode(clientKey), Arrays.hashCode(serverKey));
    }

    @Override
    public String toString() {
        return "SrtpKeyingMaterial[" + profile + ", keys redacted]";
    }

    private static byte[] checked(byte[] value, int length, String name) {
        Objects.requireNonNull(value, name);
        if (value.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes, got " + value.length);
        }
        return value.clone();
    }
}
