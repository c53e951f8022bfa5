namespace PiCam.Tests.Support;

/// <summary>
/// A clock that only moves when a test moves it, with timers (unlike <c>ManualTimeProvider</c>): advancing fires
/// every timer that falls due, in time order, on the caller's thread. So a <see cref="PeriodicTimer"/> built on
/// it ticks exactly when the test says.
/// </summary>
internal sealed class FakeClock : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<FakeClockTimer> _timers = [];

    // Deliberately not zero: code may use 0 as "never".
    private long _now = 1_000 * TimeSpan.TicksPerSecond;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public int ActiveTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(GetTimestamp());

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeClockTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>How long until the earliest running timer fires, or null when none is running.</summary>
    public TimeSpan? NextDueIn
    {
        get
        {
            lock (_gate)
            {
                var due = _timers.Where(t => t.DueAt is not null).Select(t => t.DueAt!.Value).DefaultIfEmpty(-1).Min();
                return due < 0 ? null : TimeSpan.FromTicks(due - _now);
            }
        }
    }

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target;
        lock (_gate)
        {
            target = _now + by.Ticks;
        }

        while (true)
        {
            FakeClockTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.DueAt!.Value;
                next.DueAt = next.Period is { } period ? _now + period : null;
            }

            next.Fire();
        }
    }

    internal bool Schedule(FakeClockTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (!_timers.Contains(timer))
            {
                return false;
            }

            timer.DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime.Ticks;
            timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period.Ticks;
            return true;
        }
    }

    internal void Remove(FakeClockTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }
}
