namespace PiCam.Capture;

/// <summary>What the capture side is doing, for <c>/status</c>, <c>/metrics</c> and the watchdog. Written by <see cref="CaptureService"/> only.</summary>
internal sealed class SourceState
{
    private volatile string? _error;
    private volatile bool _running;
    private long _wantedSince;
    private int _restarts;

    public SourceState(string kind) => Kind = kind;

    public string Kind { get; }

    /// <summary>The source process or loop is running.</summary>
    public bool Running => _running;

    /// <summary>Why the source last failed, or null while it is healthy.</summary>
    public string? Error => _error;

    public bool Online => _error is null;

    /// <summary>When someone started wanting frames (a timestamp), or 0 while nobody does.</summary>
    public long WantedSince => Volatile.Read(ref _wantedSince);

    /// <summary>How many times the source has failed and been restarted.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    public void Wanted(long timestamp) => Volatile.Write(ref _wantedSince, timestamp);

    public void Unwanted() => Volatile.Write(ref _wantedSince, 0);

    public void Started() => _running = true;

    public void Stopped(string? error)
    {
        _running = false;
        if (error is not null)
        {
            _error = error;
            Interlocked.Increment(ref _restarts);
        }
    }

    public void Recovered() => _error = null;
}
