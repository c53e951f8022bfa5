using System.Security.Cryptography;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using PiCam.WebRtc.Dtls;
using PiCam.WebRtc.Sdp;
using PiCam.WebRtc.Srtp;

namespace PiCam.Bench.WebRtc;

/// <summary>
/// The browser's side of DTLS-SRTP (RFC 5763/5764): a DTLS 1.2 client offering use_srtp (AEAD_AES_128_GCM,
/// then AES_CM_128_HMAC_SHA1_80), presenting our self-signed certificate, accepting the server's only if its
/// SHA-256 is the answer's fingerprint, and exporting the SRTP keying material once the handshake completes.
/// </summary>
internal sealed class BenchDtlsClient : DefaultTlsClient
{
    private readonly DtlsCertificate _certificate;
    private readonly SdpFingerprint _serverFingerprint;

    public BenchDtlsClient(DtlsCertificate certificate, SdpFingerprint serverFingerprint)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        _certificate = certificate;
        _serverFingerprint = serverFingerprint;
    }

    public SrtpProfile? Profile { get; private set; }

    /// <summary>client key, server key, client salt, server salt (RFC 5764 §4.2).</summary>
    public byte[]? KeyingMaterial { get; private set; }

    public bool ServerVerified { get; private set; }

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions,
            new UseSrtpData([(int)SrtpProfile.AeadAes128Gcm, (int)SrtpProfile.AesCm128HmacSha1_80], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var chosen = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)?.ProtectionProfiles ?? [];
        if (chosen.Length != 1 || !SrtpProfiles.IsKnown(chosen[0]))
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "The server chose no SRTP profile we offered.");
        }

        Profile = (SrtpProfile)chosen[0];
    }

    public override TlsAuthentication GetAuthentication() => new DtlsClientAuthentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        if (!ServerVerified || Profile is not { } profile)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "The handshake ended without a verified server and an SRTP profile.");
        }

        KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null,
            2 * (SrtpProfiles.MasterKeyLength + SrtpProfiles.MasterSaltLength(profile)));
    }

    public override int GetHandshakeTimeoutMillis() => 15_000;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    /// <summary>Accepts the server's certificate only if its SHA-256 is the answer's fingerprint.</summary>
    public void VerifyServer(Certificate certificate)
    {
        if (certificate is null || certificate.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The server sent no certificate.");
        }

        var hash = SHA256.HashData(certificate.GetCertificateAt(0).GetEncoded());
        if (_serverFingerprint.Algorithm != "sha-256" || !CryptographicOperations.FixedTimeEquals(hash, _serverFingerprint.Hash))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The server's certificate does not match the answer's fingerprint.");
        }

        ServerVerified = true;
    }

    /// <summary>Our certificate and its key, for the server's certificate request.</summary>
    public TlsCredentials ClientCredentials()
    {
        var crypto = (BcTlsCrypto)Crypto;
        var chain = new Certificate([new BcTlsCertificate(crypto, _certificate.Der)]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, _certificate.PrivateKey, chain,
            new SignatureAndHashAlgorithm(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }
}
