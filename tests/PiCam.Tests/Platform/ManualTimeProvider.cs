namespace PiCam.Tests.Platform;

/// <summary>
/// A clock that only moves when a test moves it. Wall-clock time and the timestamp advance together.
/// Timers are not faked: code that creates timers still gets real ones from the base class.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    // Deliberately not zero: code may use 0 as "never".
    private const long StartTimestamp = 1_000 * TimeSpan.TicksPerSecond;

    private readonly Lock _gate = new();
    private DateTimeOffset _utcNow;
    private long _timestamp = StartTimestamp;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public ManualTimeProvider(DateTimeOffset utcNow) => _utcNow = utcNow;

    /// <summary>One timestamp tick is one <see cref="TimeSpan"/> tick (100 ns).</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _utcNow;
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _timestamp;
        }
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_gate)
        {
            _utcNow += by;
            _timestamp += by.Ticks;
        }
    }
}
