using System.Globalization;
using System.Text.Json;

namespace PiCam.WebRtc.Ice;

/// <summary>
/// One STUN or TURN server from a watch_request's <c>ice_servers</c> (shaped as RTCConfiguration.iceServers:
/// <c>{"urls": "…" or ["…"], "username", "credential"}</c>), one per URL. Only what this device speaks is kept:
/// <c>stun:</c> and <c>turn:</c> over UDP (RFC 7064, RFC 7065); the rest is named in <c>skipped</c>.
/// </summary>
internal sealed record IceServer(bool IsTurn, string Host, int Port, string? Username, string? Credential)
{
    public const int MaxServers = 8;
    public const int MaxHostLength = 253;
    public const int MaxCredentialBytes = 509;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(IsTurn ? "turn" : "stun")}:{Host}:{Port}");

    public static IReadOnlyList<IceServer> Parse(JsonElement? servers, List<string> skipped)
    {
        var found = new List<IceServer>();
        if (servers is not { ValueKind: JsonValueKind.Array } array)
        {
            return found;
        }

        foreach (var entry in array.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("urls", out var urls))
            {
                skipped.Add("an entry without urls");
                continue;
            }

            var username = Text(entry, "username");
            var credential = Text(entry, "credential");
            IEnumerable<JsonElement> each = urls.ValueKind == JsonValueKind.Array ? urls.EnumerateArray() : [urls];
            foreach (var url in each)
            {
                if (found.Count >= MaxServers)
                {
                    skipped.Add($"servers beyond the first {MaxServers}");
                    return found;
                }

                if (url.ValueKind != JsonValueKind.String || TryParseUrl(url.GetString()!, username, credential) is not { } server)
                {
                    skipped.Add(url.ValueKind == JsonValueKind.String ? Config.Printable.Text(url.GetString()!, 100) : "a URL that is not a string");
                    continue;
                }

                found.Add(server);
            }
        }

        return found;
    }

    /// <summary><c>stun:host[:port]</c> or <c>turn:host[:port][?transport=udp]</c>; null for anything else (turns:, TCP, a bad port).</summary>
    public static IceServer? TryParseUrl(string url, string? username, string? credential)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var scheme = url[..colon].ToLowerInvariant();
        var rest = url[(colon + 1)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var transport = rest[(query + 1)..];
            rest = rest[..query];
            if (!transport.Equals("transport=udp", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        if (scheme is not ("stun" or "turn") || rest.Length == 0)
        {
            return null;
        }

        string host = rest;
        var port = 3478;
        var portAt = rest.StartsWith('[') ? rest.IndexOf("]:", StringComparison.Ordinal) + 1 : rest.LastIndexOf(':');
        if (portAt > 0)
        {
            if (!int.TryParse(rest[(portAt + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                return null;
            }

            host = rest[..portAt];
        }

        host = host.Trim('[', ']');
        if (host.Length is 0 or > MaxHostLength || host.Any(char.IsControl) || host.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        // RFC 8489 §14.3: USERNAME under 513 bytes; a credential no longer, so a signed request always fits.
        if (System.Text.Encoding.UTF8.GetByteCount(username ?? "") > MaxCredentialBytes || System.Text.Encoding.UTF8.GetByteCount(credential ?? "") > MaxCredentialBytes)
        {
            return null;
        }

        var isTurn = scheme == "turn";
        return isTurn && (username is null || credential is null) ? null : new IceServer(isTurn, host, port, username, credential);
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
