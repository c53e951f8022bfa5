namespace PiCam.Streaming;

/// <summary>
/// Frames per second over the last whole second, from timestamps. One writer ticks; any thread may read.
/// Reads zero once no tick has arrived for two seconds.
/// </summary>
internal sealed class FpsMeter
{
    private readonly TimeProvider _time;
    private long _windowStart;
    private long _lastTick;
    private int _count;
    private double _rate;

    public FpsMeter(TimeProvider time)
    {
        _time = time;
        _windowStart = _lastTick = time.GetTimestamp();
    }

    public double Rate
    {
        get
        {
            var idle = _time.GetElapsedTime(Volatile.Read(ref _lastTick));
            return idle > TimeSpan.FromSeconds(2) ? 0 : Volatile.Read(ref _rate);
        }
    }

    public void Tick(long timestamp)
    {
        if (_time.GetElapsedTime(_lastTick, timestamp) > TimeSpan.FromSeconds(2))
        {
            // After an idle spell, measure from this tick rather than averaging in the gap.
            _windowStart = timestamp;
            _count = -1;
        }

        Volatile.Write(ref _lastTick, timestamp);
        _count++;
        var elapsed = _time.GetElapsedTime(_windowStart, timestamp);
        if (elapsed >= TimeSpan.FromSeconds(1))
        {
            Volatile.Write(ref _rate, Math.Round(_count / elapsed.TotalSeconds, 1));
            _windowStart = timestamp;
            _count = 0;
        }
    }
}
