package io.jellyfish.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an in-memory key store from the PEM files of JF_SSL_KEY_PATH and JF_SSL_CERT_PATH, as
 * Jellyfish takes them. Keys in PKCS#8 ({@code PRIVATE KEY}) and PKCS#1 ({@code RSA PRIVATE KEY}).
 */
final class PemKeyStore {

    static final char[] PASSWORD = "jellyfish".toCharArray();
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemKeyStore() {
    }

    static KeyStore load(Path keyPath, Path certPath) {
        try {
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certPath)))
                    .toArray(Certificate[]::new);
            if (chain.length == 0) {
                throw new IllegalArgumentException("JF_SSL_CERT_PATH " + certPath + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("jellyfish", privateKey(keyPath), PASSWORD, chain);
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load TLS key or certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path keyPath) throws IOException, GeneralSecurityException {
        Matcher pem = PEM.matcher(Files.readString(keyPath, StandardCharsets.US_ASCII));
        if (!pem.find()) {
            throw new IllegalArgumentException("JF_SSL_KEY_PATH " + keyPath + " holds no PEM private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
        return switch (pem.group(1)) {
            case "PRIVATE KEY" -> pkcs8(der);
            case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapPkcs1(der)));
            default -> throw new IllegalArgumentException("JF_SSL_KEY_PATH: unsupported key type \"" + pem.group(1)
                    + "\"; convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem");
        };
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("the PKCS#8 key is neither RSA, EC nor Ed25519");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo with the rsaEncryption algorithm. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int length = content.length;
        byte[] lengthBytes;
        if (length < 0x80) {
            lengthBytes = new byte[]{(byte) length};
        } else if (length < 0x100) {
            lengthBytes = new byte[]{(byte) 0x81, (byte) length};
        } else if (length < 0x10000) {
            lengthBytes = new byte[]{(byte) 0x82, (byte) (length >> 8), (byte) length};
        } else {
            lengthBytes = new byte[]{(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
        }
        byte[] out = new byte[1 + lengthBytes.length + length];
        out[0] = (byte) tag;
        System.arraycopy(lengthBytes, 0, out, 1, lengthBytes.length);
        System.arraycopy(content, 0, out, 1 + lengthBytes.length, length);
        return out;
    }
}
