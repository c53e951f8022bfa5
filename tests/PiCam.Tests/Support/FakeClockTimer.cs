namespace PiCam.Tests.Support;

/// <summary>A timer of <see cref="FakeClock"/>: fires only when the clock is advanced past its due time.</summary>
internal sealed class FakeClockTimer : ITimer
{
    private readonly FakeClock _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;

    public FakeClockTimer(FakeClock clock, TimerCallback callback, object? state)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
    }

    /// <summary>The clock tick it fires at next, or null while stopped. Guarded by the clock's lock.</summary>
    public long? DueAt { get; set; }

    /// <summary>Ticks between firings, or null for a one-shot timer. Guarded by the clock's lock.</summary>
    public long? Period { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period) => _clock.Schedule(this, dueTime, period);

    public void Fire() => _callback(_state);

    public void Dispose() => _clock.Remove(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
