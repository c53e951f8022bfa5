using System.Globalization;
using System.Text.Json.Serialization;

namespace PiCam.Platform.DuckDns;

/// <summary>
/// The <c>duckdns</c> object of <c>/status</c>: the names kept up to date and the last update's outcome (all
/// null until the first update has finished). No token, no URL.
/// </summary>
internal sealed record DuckDnsReport(IReadOnlyList<string> Domains, bool? Ok, string? Ip, bool? Changed, string? Error, string? At)
{
    /// <summary>The last update's time for <c>/metrics</c>; not part of the JSON.</summary>
    [JsonIgnore]
    public long? AtUnixSeconds { get; init; }

    public static DuckDnsReport From(IReadOnlyList<string> domains, DuckDnsResult? last) =>
        new(
            Domains: domains,
            Ok: last?.Ok,
            Ip: last?.Ip,
            Changed: last?.Changed,
            Error: last?.Error,
            At: last?.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
        {
            AtUnixSeconds = last?.At.ToUnixTimeSeconds(),
        };
}
