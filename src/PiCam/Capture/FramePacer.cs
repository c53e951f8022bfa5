namespace PiCam.Capture;

/// <summary>
/// Paces frames at an exact rate by absolute deadlines (start + n × period), so timer granularity never
/// accumulates into drift: a <see cref="PeriodicTimer"/> rounds 33.3 ms down to 33 ms and runs 1 % fast.
/// If the producer falls more than a frame behind, it skips ahead rather than bursting to catch up.
/// Every call is a real suspension point that observes cancellation, even when the producer is late: a
/// source slower than its rate (a big picture on a slow Pi) is the normal case, and its loop must still stop.
/// </summary>
internal sealed class FramePacer
{
    private readonly TimeProvider _time;
    private readonly long _period;
    private long _next;

    public FramePacer(int framesPerSecond, TimeProvider time)
    {
        _time = time;
        _period = time.TimestampFrequency / framesPerSecond;
        _next = time.GetTimestamp();
    }

    /// <summary>Waits until the next frame is due; when it is already due, still yields once. Throws once cancelled.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _next += _period;
        var now = _time.GetTimestamp();
        if (now - _next > _period)
        {
            _next = now; // fell behind (a slow encode, a paused process): resume from now
        }

        var wait = _next - now;
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait / (double)_time.TimestampFrequency), _time, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Late: no delay, but let the thread pool (and whoever wants to cancel) run before the next frame.
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
