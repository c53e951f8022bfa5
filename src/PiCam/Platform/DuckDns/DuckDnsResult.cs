namespace PiCam.Platform.DuckDns;

/// <summary>
/// The outcome of one DuckDNS update: whether DuckDNS answered <c>OK</c>, the address it recorded, whether that
/// address changed (null when the answer did not say), why it failed, and when. Never holds the token.
/// </summary>
internal sealed record DuckDnsResult(bool Ok, string? Ip, bool? Changed, string? Error, DateTimeOffset At)
{
    public static DuckDnsResult Failed(string error, DateTimeOffset at) => new(false, null, null, error, at);
}
