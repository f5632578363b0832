package io.jellyfish.webrtc.dtls;

import io.jellyfish.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The BouncyCastle TlsServer policy for WebRTC: DTLS 1.2 only, ECDHE with the certificate's key
 * type, use_srtp required, and (when the offer carried one) the client certificate pinned to the
 * SDP fingerprint. Used by one handshake thread only.
 */
@SuppressWarnings("rawtypes") // BouncyCastle's TlsServer API uses raw Hashtable and Vector
final class SrtpTlsServer extends DefaultTlsServer {
    /** What Chromium/BoringSSL offers for DTLS, AEAD first. */
    private static final int[] ECDSA_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    };
    private static final int[] RSA_SUITES = {
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
    };

    private final DtlsCertificate certificate;
    private final byte[] expectedClientFingerprint;
    private final List<SrtpProfile> srtpPreference;
    private final int handshakeTimeoutMillis;
    private volatile boolean connectionClosed;
    private SrtpProfile selectedProfile;
    private byte[] srtpKeyingMaterial;

    SrtpTlsServer(DtlsCertificate certificate, byte[] expectedClientFingerprint, List<SrtpProfile> srtpPreference,
            int handshakeTimeoutMillis) {
        super(new BcTlsCrypto());
        this.certificate = certificate;
        this.expectedClientFingerprint = expectedClientFingerprint;
        this.srtpPreference = srtpPreference;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    SrtpProfile selectedProfile() {
        return selectedProfile;
    }

    boolean connectionClosed() {
        return connectionClosed;
    }

    /**
     * RFC 5764 4.2: 2 x (key + salt) bytes from the "EXTRACTOR-dtls_srtp" exporter, captured when
     * the handshake completed; hands the array over and forgets it.
     */
    byte[] takeSrtpKeyingMaterial() {
        byte[] material = srtpKeyingMaterial;
        srtpKeyingMaterial = null;
        return material;
    }

    /** BouncyCastle only allows exporting from inside this callback. */
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        srtpKeyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                selectedProfile.keyingMaterialLength());
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        int[] suites = certificate.keyType() == DtlsCertificate.KeyType.ECDSA_P256 ? ECDSA_SUITES : RSA_SUITES;
        return TlsUtils.getSupportedCipherSuites(getCrypto(), suites);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }
        // Server preference decides, as OpenSSL does in the engine (webrtc.md 4.6).
        for (SrtpProfile profile : srtpPreference) {
            for (int id : offered.getProtectionProfiles()) {
                if (id == profile.dtlsId()) {
                    selectedProfile = profile;
                    return;
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions,
                new UseSRTPData(new int[] {selectedProfile.dtlsId()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    /** Asks for the client certificate only when there is a fingerprint to pin it to. */
    @Override
    public CertificateRequest getCertificateRequest() {
        if (expectedClientFingerprint == null) {
            return null;
        }
        Vector signatureAlgorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                signatureAlgorithms, null);
    }

    /**
     * Pins the client's end-entity certificate to the SDP fingerprint. BouncyCastle has already
     * checked, or will check via CertificateVerify, that the client holds its private key.
     */
    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (expectedClientFingerprint == null) {
            return;
        }
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client sent no certificate");
        }
        byte[] actual = DtlsCertificate.sha256(clientCertificate.getCertificateAt(0).getEncoded());
        if (!MessageDigest.isEqual(actual, expectedClientFingerprint)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate,
                    "client certificate does not match the SDP fingerprint");
        }
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return certificate.keyType() == DtlsCertificate.KeyType.ECDSA_P256 ? signer(SignatureAlgorithm.ecdsa) : null;
    }

    @Override
    protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
        return certificate.keyType() == DtlsCertificate.KeyType.RSA_2048 ? signer(SignatureAlgorithm.rsa) : null;
    }

    private TlsCredentialedSigner signer(short signatureAlgorithm) throws IOException {
        BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
        SignatureAndHashAlgorithm algorithm = TlsUtils.chooseSignatureAndHashAlgorithm(context,
                context.getSecurityParametersHandshake().getClientSigAlgs(), signatureAlgorithm);
        Certificate chain = new Certificate(new TlsCertificate[] {new BcTlsCertificate(crypto, certificate.certificate())});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                chain, algorithm);
    }

    @Override
    public void notifyConnectionClosed() {
        super.notifyConnectionClosed();
        connectionClosed = true;
    }

    /** A close_notify or fatal alert from the browser ends the association. */
    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        super.notifyAlertReceived(alertLevel, alertDescription);
        if (alertLevel == AlertLevel.fatal || alertDescription == AlertDescription.close_notify) {
            connectionClosed = true;
        }
    }
}
