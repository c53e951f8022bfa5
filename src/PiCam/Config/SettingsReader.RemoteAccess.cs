using System.Globalization;

namespace PiCam.Config;

/// <summary>Validation of the remote-access keys: certificates, peers, DuckDNS and viewer login.</summary>
internal sealed partial class SettingsReader
{
    private string? Hostname(string key, string? value)
    {
        var name = Path(value)?.ToLowerInvariant();
        if (name is null)
        {
            return null;
        }

        if (Uri.CheckHostName(name) == UriHostNameType.Dns && name.Contains('.', StringComparison.Ordinal))
        {
            return name;
        }

        Problem(key, $"{Printable.Quote(value)} is not a public host name like mycam.duckdns.org; no certificate is requested");
        return null;
    }

    /// <summary>CERTBOT_DOMAIN, unless it is unusable: not a public name, or HTTP_PORT is the main port too.</summary>
    private string? CertbotDomain(string? value, int port, int httpPort)
    {
        var domain = Hostname("CERTBOT_DOMAIN", value);
        if (domain is not null && httpPort == port)
        {
            Problem("HTTP_PORT", $"is the same as PORT ({port}): the certificate authority needs plain HTTP on HTTP_PORT and HTTPS needs a port of its own (PORT=443); no certificate is requested");
            return null;
        }

        return domain;
    }

    private string? AbsolutePath(string key, string? value)
    {
        var path = Path(value);
        if (path is null || System.IO.Path.IsPathRooted(path))
        {
            return path;
        }

        Problem(key, $"{Printable.Quote(path)} is not an absolute path; using the default");
        return null;
    }

    private string? Email(string? value)
    {
        var email = Path(value);
        if (email is null || (email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < email.Length - 1 && !email.Any(char.IsWhiteSpace)))
        {
            return email;
        }

        Problem("CERTBOT_EMAIL", $"{Printable.Quote(value)} is not an e-mail address; registering without one");
        return null;
    }

    private string? HttpsUrl(string key, string? value, bool allowHttp = false)
    {
        var text = Path(value);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp)))
        {
            return text;
        }

        Problem(key, $"{Printable.Quote(value)} is not an {(allowHttp ? "http(s)" : "https")} URL; using the default");
        return null;
    }

    private IReadOnlyList<string> CertPeerList(string? value)
    {
        var peers = new List<string>();
        foreach (var peer in (value ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = peer.Split(':');
            if (parts.Length <= 2 && Uri.CheckHostName(parts[0]) != UriHostNameType.Unknown
                && (parts.Length == 1 || (int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536)))
            {
                peers.Add(peer);
            }
            else
            {
                Problem("CERT_PEERS", $"{Printable.Quote(peer)} is not host or host:sshport; skipped");
            }
        }

        return peers.Count == 0 ? Array.Empty<string>() : peers; // the shared empty list keeps settings records comparable
    }

    private IReadOnlyList<PeerCamera> PeerList(string? value)
    {
        var peers = new List<PeerCamera>();
        foreach (var item in (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && Uri.TryCreate(item[(equals + 1)..], UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                peers.Add(new PeerCamera(item[..equals].Replace('_', ' '), url));
            }
            else
            {
                Problem("PEERS", $"{Printable.Quote(item)} is not Name=URL (e.g. Garden=https://garden.example.org:8443/); skipped");
            }
        }

        return peers.Count == 0 ? Array.Empty<PeerCamera>() : peers; // the shared empty list keeps settings records comparable
    }

    private IReadOnlyList<string> DuckDnsDomainList(string? value)
    {
        var domains = new List<string>();
        foreach (var item in (value ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var name = item.EndsWith(".duckdns.org", StringComparison.OrdinalIgnoreCase) ? item[..^".duckdns.org".Length] : item;
            if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                domains.Add(name.ToLowerInvariant());
            }
            else
            {
                Problem("DUCKDNS_DOMAINS", $"{Printable.Quote(item)} is not a DuckDNS name like mycam or mycam.duckdns.org; skipped");
            }
        }

        return domains.Count == 0 ? Array.Empty<string>() : domains;
    }

    private string? ViewerUser(string? value)
    {
        var user = Path(value);
        if (user is null || (!user.Contains(':', StringComparison.Ordinal) && !user.Any(char.IsControl)))
        {
            return user;
        }

        Problem("VIEWER_USER", "a user name may not contain ':' or control characters; nobody can watch until it is fixed");
        return null;
    }
}
