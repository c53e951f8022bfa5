using Microsoft.Extensions.Logging;

namespace PiCam.Http.Acme;

/// <summary>The Let's Encrypt side's log events, source-generated. Never a key, only names, tokens and ports.</summary>
internal static partial class AcmeLog
{
    [LoggerMessage(140, LogLevel.Information, "ACME challenge {Token} answered")]
    public static partial void ChallengeAnswered(ILogger logger, string token);

    // Debug: anyone can ask port 80 for random tokens, and scanners do.
    [LoggerMessage(141, LogLevel.Debug, "ACME challenge {Token} asked for but not in {Directory}")]
    public static partial void ChallengeMissing(ILogger logger, string token, string directory);

    [LoggerMessage(142, LogLevel.Information, "Port {HttpPort} answers ACME challenges from {Directory} and {Rest}")]
    public static partial void HttpPortReady(ILogger logger, int httpPort, string directory, string rest);
}
