using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace PiCam.Logging;

/// <summary>Puts the console logger behind <see cref="RateLimitedLoggerProvider"/>.</summary>
internal static class LoggingBuilderExtensions
{
    /// <summary>Call after the console logger is added: it replaces that registration by the rate-limited one.</summary>
    public static ILoggingBuilder AddRateLimit(this ILoggingBuilder logging, TimeProvider time)
    {
        var services = logging.Services;
        var console = services.FirstOrDefault(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider))
            ?? throw new InvalidOperationException("AddRateLimit needs the console logger added first.");
        services.Remove(console);
        services.AddSingleton<ILoggerProvider>(sp => new RateLimitedLoggerProvider(
            new ConsoleLoggerProvider(sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), sp.GetServices<ConsoleFormatter>()),
            new LogRateLimiter(time, LogRateLimiter.DefaultBurst, LogRateLimiter.DefaultWindow)));
        return logging;
    }
}
