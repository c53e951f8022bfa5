namespace PiCam.WebRtc.Whep;

/// <summary>
/// Bits a second over the last few seconds, from a running byte count sampled about once a second: the
/// rate is the bytes since the oldest sample still in the window over the time since it. Thread-safe.
/// </summary>
internal sealed class BitrateMeter
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(4);
    private const int Samples = 8;
    private readonly TimeProvider _time;
    private readonly long[] _ticks = new long[Samples];
    private readonly long[] _bytes = new long[Samples];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public BitrateMeter(TimeProvider time) => _time = time;

    /// <summary>Records the running total of bytes sent now.</summary>
    public void Sample(long totalBytes)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            _ticks[_next] = now;
            _bytes[_next] = totalBytes;
            _next = (_next + 1) % Samples;
            _count = Math.Min(_count + 1, Samples);
        }
    }

    /// <summary>The rate up to now given the running total now; 0 before the first sample or with no time passed.</summary>
    public long BitsPerSecond(long totalBytes)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            // The oldest sample inside the window, else the newest one (the meter was idle longer than the window).
            var chosen = -1;
            for (var i = _count; i >= 1; i--)
            {
                var at = (_next - i + Samples) % Samples;
                if (_time.GetElapsedTime(_ticks[at], now) <= Window)
                {
                    chosen = at;
                    break;
                }
            }

            if (chosen < 0 && _count > 0)
            {
                chosen = (_next - 1 + Samples) % Samples;
            }

            if (chosen < 0)
            {
                return 0;
            }

            var seconds = _time.GetElapsedTime(_ticks[chosen], now).TotalSeconds;
            return seconds <= 0 ? 0 : (long)((totalBytes - _bytes[chosen]) * 8 / seconds);
        }
    }
}
