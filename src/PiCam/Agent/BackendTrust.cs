using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace PiCam.Agent;

/// <summary>wss:// trust: the system's certificate authorities, plus those of BACKEND_CA_FILE when set.</summary>
internal static class BackendTrust
{
    /// <summary>A validation callback that also accepts chains ending in the CA file's roots; null to use the system's alone.</summary>
    public static RemoteCertificateValidationCallback? Create(string? caFile, ILogger logger)
    {
        if (caFile is null)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            AgentLog.CaFileUnreadable(logger, caFile, ex.Message);
            return null;
        }

        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false; // a wrong name is never forgiven
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
    }
}
