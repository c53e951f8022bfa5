namespace PiCam.Capture;

/// <summary>What the capture side is doing, for <c>/status</c>, <c>/metrics</c> and the watchdog. Written by the runner only.</summary>
internal sealed class SourceState
{
    private volatile string? _error;
    private volatile bool _running;

    public SourceState(string kind) => Kind = kind;

    public string Kind { get; }

    /// <summary>The source process or loop is running (someone wants frames).</summary>
    public bool Running => _running;

    /// <summary>Why the source last failed, or null while it is healthy.</summary>
    public string? Error => _error;

    public bool Online => _error is null;

    public void Started()
    {
        _running = true;
    }

    public void Stopped(string? error)
    {
        _running = false;
        _error = error;
    }

    public void Recovered() => _error = null;
}
