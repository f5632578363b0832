package io.jellyfish.webrtc.dtls;

import io.jellyfish.webrtc.srtp.SrtpKeyingMaterial;
import io.jellyfish.webrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
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

/** A browser stand-in: DTLS 1.2 client offering use_srtp, pinning the server's fingerprint. */
@SuppressWarnings("rawtypes")
final class TestDtlsClient extends DefaultTlsClient {
    private final DtlsCertificate clientCertificate;
    private final String expectedServerFingerprint;
    private final int[] offeredProfiles;
    private SrtpProfile selectedProfile;
    private SrtpKeyingMaterial keys;

    TestDtlsClient(DtlsCertificate clientCertificate, String expectedServerFingerprint, SrtpProfile... offered) {
        super(new BcTlsCrypto());
        this.clientCertificate = clientCertificate;
        this.expectedServerFingerprint = expectedServerFingerprint;
        this.offeredProfiles = new int[offered.length];
        for (int i = 0; i < offered.length; i++) {
            offeredProfiles[i] = offered[i].dtlsId();
        }
    }

    SrtpKeyingMaterial exportKeys() {
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
        return 10_000;
    }

    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        if (offeredProfiles.length > 0) {
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles, TlsUtils.EMPTY_BYTES));
        }
        return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        selectedProfile = SrtpProfile.fromDtlsId(chosen.getProtectionProfiles()[0]).orElseThrow();
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                byte[] der = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
                if (!DtlsCertificate.fingerprintSha256(der).equals(expectedServerFingerprint)) {
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
                                clientCertificate.keyType() == DtlsCertificate.KeyType.ECDSA_P256
                                        ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa));
            }
        };
    }
}
