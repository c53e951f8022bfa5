namespace PiCam.Capture;

/// <summary>
/// Restart delays for a failing camera: 1 s doubling to a 30 s cap, with ±20% jitter so that cameras
/// sharing a power supply do not retry in step; back to 1 s once a run has stayed healthy for a minute.
/// </summary>
internal sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly TimeSpan _healthy;
    private readonly Random _random;
    private int _failures;

    public Backoff(TimeSpan? initial = null, TimeSpan? max = null, TimeSpan? healthy = null, Random? random = null)
    {
        _initial = initial ?? TimeSpan.FromSeconds(1);
        _max = max ?? TimeSpan.FromSeconds(30);
        _healthy = healthy ?? TimeSpan.FromMinutes(1);
        _random = random ?? Random.Shared;
    }

    /// <summary>The delay before the next start, given how long the failed run lasted.</summary>
    public TimeSpan Next(TimeSpan ranFor)
    {
        if (ranFor >= _healthy)
        {
            _failures = 0;
        }

        var exponent = Math.Min(_failures++, 16);
        var nominal = Math.Min(_initial.TotalSeconds * Math.Pow(2, exponent), _max.TotalSeconds);
        var jittered = nominal * (0.8 + 0.4 * _random.NextDouble());
        return TimeSpan.FromSeconds(Math.Min(jittered, _max.TotalSeconds));
    }

    public void Reset() => _failures = 0;
}
