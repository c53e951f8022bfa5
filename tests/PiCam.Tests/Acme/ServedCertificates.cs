using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PiCam.Tests.Acme;

/// <summary>
/// An HTTPS client side that trusts pebble's issuing root (and nothing else), checks the name, and records the
/// certificate each new connection was shown.
/// </summary>
internal sealed class ServedCertificates
{
    private readonly X509Certificate2 _root;
    private readonly List<X509Certificate2> _seen = [];

    public ServedCertificates(X509Certificate2 root) => _root = root;

    public IReadOnlyList<X509Certificate2> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    public X509Certificate2? Last => Seen.LastOrDefault();

    public SocketsHttpHandler Handler() => new()
    {
        PooledConnectionLifetime = TimeSpan.Zero,
        SslOptions = { RemoteCertificateValidationCallback = Validate },
    };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        var leaf = new X509Certificate2(certificate);
        lock (_seen)
        {
            _seen.Add(leaf);
        }

        // The client connects to 127.0.0.1, so the name is checked here; the intermediate must come from the
        // server (fullchain.pem), since pebble's is nowhere else.
        return leaf.MatchesHostname(PebbleFixture.Domain)
            && PebbleFixture.ChainsTo(leaf, _root, chain?.ChainPolicy.ExtraStore);
    }
}
