using Microsoft.Extensions.Logging;

namespace PiCam.Logging;

/// <summary>
/// Counts log events per category and event (or message template, for events without an id) in fixed
/// windows: the first <see cref="Burst"/> of a window pass, the rest are counted, and when the window ends one
/// line says how many were left out. A flood that goes on keeps only that summary line, once a window.
/// </summary>
internal sealed class LogRateLimiter : IDisposable
{
    public const int DefaultBurst = 10;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(10);

    /// <summary>More distinct events than this in one window are passed through uncounted.</summary>
    private const int MaxKeys = 1024;
    private const int MaxQuotedLength = 160;

    private readonly Lock _gate = new();
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    public LogRateLimiter(TimeProvider time, int burst, TimeSpan window)
    {
        _time = time;
        Burst = burst;
        Window = window;
        _timer = time.CreateTimer(_ => Flush(), null, window, window);
    }

    public int Burst { get; }

    public TimeSpan Window { get; }

    /// <summary>Whether this event may be written now; if not, it is counted for the window's summary.</summary>
    /// <param name="summaryTarget">Where the summary line goes (the inner logger of the category).</param>
    /// <param name="describe">The event's text, asked for once a window for the summary.</param>
    public bool ShouldLog(string category, EventId eventId, string? template, LogLevel level, ILogger summaryTarget, Func<string> describe)
    {
        var key = new Key(category, eventId.Id, eventId.Id == 0 ? template : null);
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                if (_entries.Count >= MaxKeys)
                {
                    return true;
                }

                entry = new Entry(summaryTarget, _time.GetTimestamp());
                _entries[key] = entry;
            }

            entry.Count++;
            if (entry.Count <= Burst)
            {
                return true;
            }

            if (entry.Suppressed == 0)
            {
                entry.Text = Quote(describe());
            }

            entry.Suppressed++;
            entry.Level = level > entry.Level ? level : entry.Level;
            return false;
        }
    }

    /// <summary>Ends the window: one summary line for each event that was held back, and forgets quiet events.</summary>
    public void Flush()
    {
        List<Summary>? summaries = null;
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.Suppressed > 0)
                {
                    var seconds = Math.Round(_time.GetElapsedTime(entry.WindowStart, now).TotalSeconds);
                    (summaries ??= []).Add(new Summary(entry.Target, entry.Level, entry.Text!, entry.Suppressed, seconds));
                    entry.Suppressed = 0;
                    entry.Level = LogLevel.Trace;
                    entry.Count = Burst; // still flooding: the next window starts with the summary only
                    entry.WindowStart = now;
                }
                else if (_time.GetElapsedTime(entry.WindowStart, now) >= Window)
                {
                    _entries.Remove(key);
                }
            }
        }

        foreach (var summary in summaries ?? [])
        {
            LoggingLog.Repeated(summary.Target, summary.Level, summary.Text, summary.Count, summary.Seconds);
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }

    private static string Quote(string text) => text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength), "…");

    private readonly record struct Key(string Category, int EventId, string? Template);

    private readonly record struct Summary(ILogger Target, LogLevel Level, string Text, long Count, double Seconds);

    private sealed class Entry(ILogger target, long windowStart)
    {
        public ILogger Target { get; } = target;

        public long WindowStart { get; set; } = windowStart;

        public int Count { get; set; }

        public long Suppressed { get; set; }

        public LogLevel Level { get; set; }

        public string? Text { get; set; }
    }
}
