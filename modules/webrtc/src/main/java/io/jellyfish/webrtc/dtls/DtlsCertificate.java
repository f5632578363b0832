package io.jellyfish.webrtc.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.operator.bc.BcRSAContentSignerBuilder;

/**
 * A self-signed DTLS certificate and its private key. WebRTC authenticates it only through the
 * SHA-256 fingerprint in the SDP, so subject and validity carry no meaning beyond being well formed.
 *
 * <p>Immutable and safe to share: one certificate can serve every session of a node, or each
 * peer can get its own (webrtc.md 4.6: the fingerprint must not change within a session).
 */
public final class DtlsCertificate {

    /** Key algorithm of the certificate; it decides the DTLS cipher suites (ECDHE_ECDSA or ECDHE_RSA). */
    public enum KeyType {
        /** Cheap to generate and sign with; Chromium's own choice. */
        ECDSA_P256,
        /** What the engine uses; generation takes tens to hundreds of milliseconds. */
        RSA_2048
    }

    private static final Duration VALIDITY = Duration.ofDays(365);

    private final KeyType keyType;
    private final org.bouncycastle.asn1.x509.Certificate certificate;
    private final AsymmetricKeyParameter privateKey;
    private final String fingerprint;

    private DtlsCertificate(KeyType keyType, org.bouncycastle.asn1.x509.Certificate certificate,
            AsymmetricKeyParameter privateKey) {
        this.keyType = keyType;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.fingerprint = fingerprintSha256(encode(certificate));
    }

    /** Generates a fresh key pair and a self-signed certificate (CN=WebRTC, valid from yesterday for a year). */
    public static DtlsCertificate generate(KeyType keyType) {
        SecureRandom random = new SecureRandom();
        AsymmetricCipherKeyPair keyPair;
        String signatureAlgorithm;
        switch (keyType) {
            case ECDSA_P256 -> {
                ECKeyPairGenerator generator = new ECKeyPairGenerator();
                generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(
                        SECObjectIdentifiers.secp256r1, ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1)),
                        random));
                keyPair = generator.generateKeyPair();
                signatureAlgorithm = "SHA256withECDSA";
            }
            case RSA_2048 -> {
                RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
                generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, 2048, 112));
                keyPair = generator.generateKeyPair();
                signatureAlgorithm = "SHA256withRSA";
            }
            default -> throw new IllegalArgumentException(String.valueOf(keyType));
        }
        try {
            AlgorithmIdentifier signatureId = new DefaultSignatureAlgorithmIdentifierFinder().find(signatureAlgorithm);
            AlgorithmIdentifier digestId = new DefaultDigestAlgorithmIdentifierFinder().find(signatureId);
            ContentSigner signer = (keyType == KeyType.ECDSA_P256
                    ? new BcECContentSignerBuilder(signatureId, digestId)
                    : new BcRSAContentSignerBuilder(signatureId, digestId)).build(keyPair.getPrivate());
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=WebRTC");
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name,
                    new BigInteger(63, random), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(VALIDITY)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            return new DtlsCertificate(keyType, builder.build(signer).toASN1Structure(), keyPair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the DTLS certificate", e);
        }
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The DER encoding of the certificate. */
    public byte[] encoded() {
        return encode(certificate);
    }

    /** SHA-256 fingerprint in SDP form ({@code a=fingerprint:sha-256 AB:CD:...}), upper-case hex. */
    public String fingerprintSha256() {
        return fingerprint;
    }

    /** SHA-256 fingerprint of a DER certificate in SDP form. */
    public static String fingerprintSha256(byte[] derCertificate) {
        byte[] digest = sha256(derCertificate);
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /**
     * Parses an SDP fingerprint value ("AB:CD:..." in either case) into its 32 bytes.
     *
     * @throws IllegalArgumentException if it is not a colon-separated SHA-256 digest
     */
    public static byte[] parseFingerprintSha256(String fingerprint) {
        String trimmed = fingerprint.trim();
        if (trimmed.length() != 32 * 3 - 1) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint: " + fingerprint);
        }
        return HexFormat.ofDelimiter(":").parseHex(trimmed.toLowerCase(Locale.ROOT));
    }

    org.bouncycastle.asn1.x509.Certificate certificate() {
        return certificate;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    private static byte[] encode(org.bouncycastle.asn1.x509.Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "DtlsCertificate[" + keyType + ", sha-256 " + fingerprint + "]";
    }
}
