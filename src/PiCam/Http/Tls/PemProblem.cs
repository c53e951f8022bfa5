using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PiCam.Http.Tls;

/// <summary>
/// Why a certificate and key that were read could not be loaded, as the key to blame and a sentence that
/// says what to do, found by looking at the PEM text rather than at the exception (whose message can be a
/// bare resource key).
/// </summary>
internal static class PemProblem
{
    public static (string Key, string Message) Diagnose(string certPem, string keyPem, string certFile, string keyFile)
    {
        if (!certPem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return ("CERTFILE", $"CERTFILE {certFile} holds no PEM certificate (a block starting -----BEGIN CERTIFICATE-----): set CERTFILE to fullchain.pem, not to the key or a binary (DER) file");
        }

        if (keyPem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return ("KEYFILE", $"KEYFILE {keyFile} is protected by a passphrase, which picam cannot enter: save it without one (openssl pkey -in {keyFile} -out privkey.pem) and point KEYFILE at that");
        }

        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return ("KEYFILE", $"KEYFILE {keyFile} holds no PEM private key (a block starting -----BEGIN PRIVATE KEY-----): set KEYFILE to privkey.pem, not to the certificate");
        }

        try
        {
            using var alone = X509Certificate2.CreateFromPem(certPem);
        }
        catch (CryptographicException)
        {
            return ("CERTFILE", $"CERTFILE {certFile} holds a damaged certificate that cannot be read: copy fullchain.pem again");
        }

        return ("KEYFILE", $"KEYFILE {keyFile} is not the private key of the certificate in CERTFILE {certFile}, or is damaged: use privkey.pem and fullchain.pem from the same certificate");
    }
}
