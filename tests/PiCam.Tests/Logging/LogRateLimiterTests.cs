using Microsoft.Extensions.Logging;
using PiCam.Logging;
using PiCam.Tests.Auth;
using PiCam.Tests.Support;
using Xunit;

namespace PiCam.Tests.Logging;

public sealed partial class LogRateLimiterTests
{
    private readonly FakeClock _clock = new();
    private readonly CapturingLogger<LogRateLimiterTests> _console = new();

    [Fact]
    public void Flood_OfOneEvent_WritesTheFirstTen_ThenOneSummaryAWindow()
    {
        using var provider = Provider();
        var logger = provider.CreateLogger("PiCam.Http.StreamEndpoint");
        for (var i = 0; i < 100_000; i++)
        {
            Refused(logger, 50);
        }

        Assert.Equal(10, _console.Entries.Count);
        _clock.Advance(TimeSpan.FromSeconds(10));

        var summary = Assert.Single(_console.Entries.Skip(10));
        Assert.Equal(LogLevel.Warning, summary.Level);
        Assert.Equal("Viewer refused: 50 (MAX_CLIENTS) already watching … repeated 99990 more times in the last 10 s", summary.Text);
    }

    [Fact]
    public void FloodThatGoesOn_KeepsOnlyTheSummary_AndAQuietEventLogsNormallyAgain()
    {
        using var provider = Provider();
        var logger = provider.CreateLogger("Kestrel");
        for (var window = 0; window < 3; window++)
        {
            for (var i = 0; i < 500; i++)
            {
                Refused(logger, 1);
            }

            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        // 10 lines + a summary, then a summary per window.
        Assert.Equal(13, _console.Entries.Count);
        Assert.EndsWith("repeated 500 more times in the last 10 s", _console.Entries[^1].Text, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromSeconds(10)); // a quiet window: forgotten
        Refused(logger, 1);
        Assert.Equal(14, _console.Entries.Count);
        Assert.DoesNotContain("repeated", _console.Entries[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DifferentEventsAndCategories_AreCountedApart()
    {
        using var provider = Provider();
        var stream = provider.CreateLogger("PiCam.Http.StreamEndpoint");
        var other = provider.CreateLogger("PiCam.Other");
        for (var i = 0; i < 50; i++)
        {
            Refused(stream, 1);
            Refused(other, 1);
            Joined(stream);
        }

        Assert.Equal(30, _console.Entries.Count);
    }

    [Fact]
    public void EventsWithoutAnId_AreToldApartByTheirTemplate()
    {
        using var provider = Provider();
        var logger = provider.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
        for (var i = 0; i < 50; i++)
        {
#pragma warning disable CA1848, CA2254 // the point is a message without a source-generated event
            logger.LogWarning("one {N}", i);
            logger.LogWarning("two {N}", i);
#pragma warning restore CA1848, CA2254
        }

        Assert.Equal(20, _console.Entries.Count);
    }

    [Fact]
    public void Dispose_WritesThePendingSummary()
    {
        var provider = Provider();
        var logger = provider.CreateLogger("PiCam");
        for (var i = 0; i < 12; i++)
        {
            Refused(logger, 1);
        }

        _clock.Advance(TimeSpan.FromSeconds(3));
        provider.Dispose();
        Assert.EndsWith("repeated 2 more times in the last 3 s", _console.Entries[^1].Text, StringComparison.Ordinal);
    }

    private RateLimitedLoggerProvider Provider() => new(new OneLoggerProvider(_console), new LogRateLimiter(_clock, 10, TimeSpan.FromSeconds(10)));

    [LoggerMessage(22, LogLevel.Warning, "Viewer refused: {MaxClients} (MAX_CLIENTS) already watching")]
    private static partial void Refused(ILogger logger, int maxClients);

    [LoggerMessage(20, LogLevel.Debug, "Viewer joined")]
    private static partial void Joined(ILogger logger);

    private sealed class OneLoggerProvider(ILogger logger) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
