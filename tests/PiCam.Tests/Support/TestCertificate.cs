using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiCam.Tests.Support;

/// <summary>Self-signed certificates written as PEM files, the way certbot leaves them.</summary>
public static class TestCertificate
{
    public static X509Certificate2 Create(string commonName, bool rsa = false)
    {
        var subject = new X500DistinguishedName($"CN={commonName}");
        var now = DateTimeOffset.UtcNow;
        if (rsa)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            AddServerExtensions(request);
            return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        }
        else
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            AddServerExtensions(request);
            return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        }
    }

    /// <summary>Writes the key and certificate as PEM; the key file gets <paramref name="keyMode"/>.</summary>
    public static void WritePem(X509Certificate2 certificate, string certFile, string keyFile, UnixFileMode keyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()!;
        WriteAtomically(keyFile, key.ExportPkcs8PrivateKeyPem(), keyMode);
        WriteAtomically(certFile, certificate.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }

    private static void AddServerExtensions(CertificateRequest request)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
    }
}
