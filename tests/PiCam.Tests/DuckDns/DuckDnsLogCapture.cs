using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace PiCam.Tests.DuckDns;

/// <summary>
/// A logger that keeps every line it is given, at every level: the formatted message, each structured value
/// (a sink such as the journal may store those separately) and any exception. Tests search it for secrets.
/// </summary>
internal sealed class DuckDnsLogCapture<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Text)> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = new StringBuilder(formatter(state, exception));
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                text.Append(" | ").Append(key).Append('=').Append(value);
            }
        }

        if (exception is not null)
        {
            text.Append(" | ").Append(exception);
        }

        _lines.Enqueue((logLevel, text.ToString()));
    }
}
