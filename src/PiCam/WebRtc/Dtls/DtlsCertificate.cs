using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using PiCam.WebRtc.Sdp;
using X509Request = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace PiCam.WebRtc.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate DTLS presents (RFC 8827 §6.5: WebRTC identities are the
/// fingerprints exchanged in SDP, not CAs). Made by .NET; the private key is handed to BouncyCastle.
/// </summary>
internal sealed class DtlsCertificate
{
    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        Der = der;
        PrivateKey = privateKey;
        Fingerprint = new SdpFingerprint("sha-256", SHA256.HashData(der));
    }

    public byte[] Der { get; }

    public SdpFingerprint Fingerprint { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    public static DtlsCertificate Generate(TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new X509Request("CN=picam", key, HashAlgorithmName.SHA256);
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        var d = key.ExportParameters(includePrivateParameters: true).D!;
        var domain = new ECNamedDomainParameters(SecObjectIdentifiers.SecP256r1, CustomNamedCurves.GetByOid(SecObjectIdentifiers.SecP256r1));
        return new DtlsCertificate(certificate.RawData, new ECPrivateKeyParameters(new BigInteger(1, d), domain));
    }
}
