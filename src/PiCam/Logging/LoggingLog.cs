using Microsoft.Extensions.Logging;

namespace PiCam.Logging;

/// <summary>The log events of the logging pipeline itself (EventIds 800–809).</summary>
internal static partial class LoggingLog
{
    [LoggerMessage(EventId = 800, Message = "{Message} … repeated {Count} more times in the last {Seconds} s")]
    public static partial void Repeated(ILogger logger, LogLevel level, string message, long count, double seconds);
}
