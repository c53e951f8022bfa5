using Microsoft.Extensions.Logging;

namespace PiCam.Platform.DuckDns;

/// <summary>The DuckDNS updater's log events, source-generated. None of them takes the token.</summary>
internal static partial class DuckDnsLog
{
    [LoggerMessage(110, LogLevel.Information, "DuckDNS: updating {Domains} now and every {Minutes} min")]
    public static partial void Starting(ILogger logger, string domains, double minutes);

    [LoggerMessage(111, LogLevel.Information, "DuckDNS updated {Domains}: {Ip} ({Outcome})")]
    private static partial void UpdatedCore(ILogger logger, string domains, string ip, string outcome);

    [LoggerMessage(112, LogLevel.Warning, "DuckDNS update of {Domains} failed: {Error}; retrying in {Minutes} min")]
    public static partial void Failed(ILogger logger, string domains, string error, double minutes);

    public static void Updated(ILogger logger, string domains, string? ip, bool? changed) =>
        UpdatedCore(logger, domains, ip ?? "address not reported", changed switch
        {
            true => "changed",
            false => "unchanged",
            null => "change not reported",
        });
}
