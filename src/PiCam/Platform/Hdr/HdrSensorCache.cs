namespace PiCam.Platform.Hdr;

/// <summary>
/// The sensor's last <c>wide_dynamic_range</c> reading, for <c>/status</c>, which must not wait for a process.
/// <see cref="Current"/> answers at once with the last reading and, when that is older than the maximum age,
/// starts one read in the background (never two at a time).
/// </summary>
internal sealed class HdrSensorCache
{
    private const int Unknown = -1;
    private static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(30);

    private readonly HdrControl _control;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;
    private int _value = Unknown;
    private long _readAt; // timestamp of the last finished read; 0 = never
    private int _reading;
    private Task _lastRefresh = Task.CompletedTask;

    public HdrSensorCache(HdrControl control, TimeProvider time, TimeSpan? maxAge = null)
    {
        _control = control;
        _time = time;
        _maxAge = maxAge ?? DefaultMaxAge;
    }

    /// <summary>The background read started last, for tests.</summary>
    internal Task LastRefresh => Volatile.Read(ref _lastRefresh);

    /// <summary>The last reading: null until one succeeds, or when the last one failed.</summary>
    public bool? Current()
    {
        var readAt = Volatile.Read(ref _readAt);
        if ((readAt == 0 || _time.GetElapsedTime(readAt) >= _maxAge) && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
        {
            Volatile.Write(ref _lastRefresh, Task.Run(ReadInBackgroundAsync));
        }

        return Decode(Volatile.Read(ref _value));
    }

    /// <summary>Reads the sensor now and keeps the answer.</summary>
    public async Task<bool?> RefreshAsync(CancellationToken token = default)
    {
        var on = await _control.ReadAsync(token).ConfigureAwait(false);
        Volatile.Write(ref _value, on switch { true => 1, false => 0, null => Unknown });
        Volatile.Write(ref _readAt, _time.GetTimestamp());
        return on;
    }

    private async Task ReadInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    private static bool? Decode(int value) => value == Unknown ? null : value == 1;
}
