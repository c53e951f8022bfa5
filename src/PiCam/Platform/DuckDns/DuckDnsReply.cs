using System.Net;
using System.Net.Sockets;
using PiCam.Config;

namespace PiCam.Platform.DuckDns;

/// <summary>
/// Reads DuckDNS's answer. Plain: <c>OK</c> or <c>KO</c>. Verbose: <c>OK</c>, the IPv4 address, the IPv6
/// address (often empty) and <c>UPDATED</c> or <c>NOCHANGE</c>, one a line. Anything else (a captive portal's
/// page, an empty body) is a failure that quotes the start of what came back.
/// </summary>
internal static class DuckDnsReply
{
    private const int QuoteLength = 40;

    public static DuckDnsResult Parse(string body, DateTimeOffset at)
    {
        var lines = body.Trim().ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()).ToArray();
        switch (lines[0])
        {
            case "OK":
                var ip = Address(Line(lines, 1), AddressFamily.InterNetwork) ?? Address(Line(lines, 2), AddressFamily.InterNetworkV6);
                var changed = Line(lines, 3) switch
                {
                    "UPDATED" => true,
                    "NOCHANGE" => (bool?)false,
                    _ => null,
                };
                return new DuckDnsResult(true, ip, changed, null, at);
            case "KO":
                return DuckDnsResult.Failed("DuckDNS answered KO: check DUCKDNS_TOKEN and DUCKDNS_DOMAINS", at);
            case "":
                return DuckDnsResult.Failed("DuckDNS answered with an empty body", at);
            default:
                return DuckDnsResult.Failed($"not a DuckDNS answer: {Printable.Quote(lines[0], QuoteLength)}", at);
        }
    }

    private static string? Line(string[] lines, int index) => index < lines.Length ? lines[index] : null;

    private static string? Address(string? text, AddressFamily family) =>
        IPAddress.TryParse(text, out var address) && address.AddressFamily == family ? address.ToString() : null;
}
