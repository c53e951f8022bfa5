using System.Security.Cryptography;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using PiCam.WebRtc.Sdp;
using PiCam.WebRtc.Srtp;

namespace PiCam.WebRtc.Dtls;

/// <summary>
/// Our side of DTLS-SRTP (RFC 5763, RFC 5764): a DTLS 1.2 server with an ECDSA certificate that demands
/// the browser's certificate and accepts it only if its hash is the fingerprint from the offer, negotiates
/// use_srtp (AEAD_AES_128_GCM preferred, then AES_CM_128_HMAC_SHA1_80), and exports the SRTP keying material.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private static readonly int[] ProfilePreference = [(int)SrtpProfile.AeadAes128Gcm, (int)SrtpProfile.AesCm128HmacSha1_80];
    private readonly DtlsCertificate _certificate;
    private readonly SdpFingerprint _peerFingerprint;
    private readonly TimeSpan _handshakeTimeout;
    private int _profile = -1;

    /// <param name="handshakeTimeout">How long Accept may take before it gives up (BouncyCastle's default is forever); 10 s if not given.</param>
    public DtlsSrtpServer(DtlsCertificate certificate, SdpFingerprint peerFingerprint, TimeSpan? handshakeTimeout = null)
        : base(new BcTlsCrypto(new SecureRandom()))
    {
        _certificate = certificate;
        _peerFingerprint = peerFingerprint;
        _handshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10);
    }

    public SrtpProfile? Profile => _profile < 0 ? null : (SrtpProfile)_profile;

    /// <summary>client key, server key, client salt, server salt (RFC 5764 §4.2), once the handshake completed.</summary>
    public byte[]? KeyingMaterial { get; private set; }

    public bool PeerVerified { get; private set; }

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions)?.ProtectionProfiles ?? [];
        _profile = ProfilePreference.FirstOrDefault(p => offered.Contains(p), -1);
        if (_profile < 0)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client offered no SRTP profile we support.");
        }
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([_profile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The client sent no certificate.");
        }

        var der = clientCertificate.GetCertificateAt(0).GetEncoded();
        var hash = _peerFingerprint.Algorithm switch
        {
            "sha-256" => SHA256.HashData(der),
            "sha-384" => SHA384.HashData(der),
            "sha-512" => SHA512.HashData(der),
            _ => [],
        };
        if (!CryptographicOperations.FixedTimeEquals(hash, _peerFingerprint.Hash))
        {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The client's certificate does not match the offer's fingerprint.");
        }

        PeerVerified = true;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        if (!PeerVerified || Profile is not { } profile)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "The handshake ended without a verified peer and an SRTP profile.");
        }

        var length = 2 * (SrtpProfiles.MasterKeyLength + SrtpProfiles.MasterSaltLength(profile));
        KeyingMaterial = m_context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
    }

    public override int GetHandshakeTimeoutMillis() => (int)_handshakeTimeout.TotalMilliseconds;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var crypto = (BcTlsCrypto)Crypto;
        var chain = new Certificate([new BcTlsCertificate(crypto, _certificate.Der)]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, _certificate.PrivateKey, chain,
            new SignatureAndHashAlgorithm(Org.BouncyCastle.Tls.HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }
}
