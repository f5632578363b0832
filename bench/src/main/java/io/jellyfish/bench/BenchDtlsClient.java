package io.jellyfish.bench;

import io.jellyfish.webrtc.dtls.DtlsCertificate;
import io.jellyfish.webrtc.srtp.SrtpKeyingMaterial;
import io.jellyfish.webrtc.srtp.SrtpProfile;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Hashtable;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The browser's side of DTLS-SRTP (webrtc.md 4.6) for the synthetic clients: a DTLS 1.2 client
 * offering use_srtp AES_CM_128_HMAC_SHA1_80, presenting its own certificate (whose fingerprint
 * went into the SDP offer), pinning the server's certificate to the answer's fingerprint, and
 * exporting the SRTP master keys. Same logic as the webrtc module's test client.
 */
@SuppressWarnings("rawtypes")
final class BenchDtlsClient extends DefaultTlsClient {
    /** A self-signed ECDSA P-256 certificate (as Chromium uses) and its SDP fingerprint. */
    record Identity(org.bouncycastle.asn1.x509.Certificate certificate, AsymmetricKeyParameter privateKey,
                    String fingerprint) {

        static Identity generate() {
            try {
                SecureRandom random = new SecureRandom();
                ECKeyPairGenerator generator = new ECKeyPairGenerator();
                generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(
                        SECObjectIdentifiers.secp256r1, ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1)),
                        random));
                AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();
                AlgorithmIdentifier signatureId = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
                AlgorithmIdentifier digestId = new DefaultDigestAlgorithmIdentifierFinder().find(signatureId);
                Instant now = Instant.now();
                X500Name name = new X500Name("CN=bench");
                org.bouncycastle.asn1.x509.Certificate certificate = new X509v3CertificateBuilder(name,
                        new BigInteger(63, random), Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(30))), name,
                        SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()))
                        .build(new BcECContentSignerBuilder(signatureId, digestId).build(keyPair.getPrivate()))
                        .toASN1Structure();
                return new Identity(certificate, keyPair.getPrivate(),
                        DtlsCertificate.fingerprintSha256(certificate.getEncoded()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the client's DTLS certificate", e);
            }
        }
    }

    private final Identity clientCertificate;
    private final String expectedServerFingerprint;
    private SrtpProfile selectedProfile;
    private SrtpKeyingMaterial keys;

    BenchDtlsClient(Identity clientCertificate, String expectedServerFingerprint) {
        super(new BcTlsCrypto());
        this.clientCertificate = clientCertificate;
        this.expectedServerFingerprint = expectedServerFingerprint;
    }

    SrtpKeyingMaterial keys() {
        return keys;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = SrtpKeyingMaterial.fromDtlsExporter(selectedProfile, context.exportKeyingMaterial(
                ExporterLabel.dtls_srtp, null, selectedProfile.keyingMaterialLength()));
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return 15_000;
    }

    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(
                new int[] {SrtpProfile.AES_CM_128_HMAC_SHA1_80.dtlsId()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter);
        }
        selectedProfile = SrtpProfile.fromDtlsId(chosen.getProtectionProfiles()[0])
                .orElseThrow(() -> new TlsFatalAlert(AlertDescription.illegal_parameter));
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                byte[] der = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
                if (!DtlsCertificate.fingerprintSha256(der).equalsIgnoreCase(expectedServerFingerprint)) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate);
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
                Certificate chain = new Certificate(
                        new TlsCertificate[] {new BcTlsCertificate(crypto, clientCertificate.certificate())});
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                        clientCertificate.privateKey(), chain,
                        TlsUtils.chooseSignatureAndHashAlgorithm(context, request.getSupportedSignatureAlgorithms(),
                                SignatureAlgorithm.ecdsa));
            }
        };
    }
}
