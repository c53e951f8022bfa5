using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PiCam.Logging;

/// <summary>
/// Wraps a logger provider (the console) so that every category, Kestrel's included, goes through one
/// <see cref="LogRateLimiter"/>: a flood of one event becomes a few lines and a count.
/// </summary>
internal sealed class RateLimitedLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ILoggerProvider _inner;
    private readonly LogRateLimiter _limiter;
    private readonly ConcurrentDictionary<string, RateLimitedLogger> _loggers = new(StringComparer.Ordinal);

    public RateLimitedLoggerProvider(ILoggerProvider inner, LogRateLimiter limiter)
    {
        _inner = inner;
        _limiter = limiter;
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, self) => new RateLimitedLogger(self._inner.CreateLogger(name), name, self._limiter), this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider)
    {
        if (_inner is ISupportExternalScope scoped)
        {
            scoped.SetScopeProvider(scopeProvider);
        }
    }

    public void Dispose()
    {
        _limiter.Dispose(); // the last summaries, while the console can still write them
        _inner.Dispose();
    }
}
