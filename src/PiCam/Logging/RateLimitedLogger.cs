using Microsoft.Extensions.Logging;

namespace PiCam.Logging;

/// <summary>One category's logger in front of the real one: asks <see cref="LogRateLimiter"/> before each event.</summary>
internal sealed class RateLimitedLogger : ILogger
{
    private readonly ILogger _inner;
    private readonly string _category;
    private readonly LogRateLimiter _limiter;

    public RateLimitedLogger(ILogger inner, string category, LogRateLimiter limiter)
    {
        _inner = inner;
        _category = category;
        _limiter = limiter;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!_inner.IsEnabled(logLevel))
        {
            return;
        }

        var template = eventId.Id == 0 ? TemplateOf(state) : null;
        if (_limiter.ShouldLog(_category, eventId, template, logLevel, _inner, () => formatter(state, exception)))
        {
            _inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    /// <summary>The message template of a structured event (<c>{OriginalFormat}</c>), so events without an id are told apart by their text.</summary>
    private static string? TemplateOf<TState>(TState state)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            for (var i = values.Count - 1; i >= 0; i--)
            {
                if (values[i].Key == "{OriginalFormat}")
                {
                    return values[i].Value as string;
                }
            }
        }

        return state?.ToString();
    }
}
