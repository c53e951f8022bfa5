namespace PiCam.Capture;

/// <summary>
/// Lets at most <c>FRAMERATE</c> frames a second through, judged by each frame's capture time, for sources
/// whose rate we do not control (a <c>command:</c> camera may write as fast as it can). Surplus frames are
/// dropped, never waited for, so the reader keeps draining the camera's pipe and the camera is never
/// back-pressured into a stall. Slots are kept on a fixed schedule (one per period), and a frame may come a
/// quarter period early for its slot, so a camera already at the rate loses nothing to jitter; a camera
/// that paused resumes from now rather than bursting to catch up.
/// </summary>
internal sealed class FrameRateLimiter
{
    private readonly long _period;
    private readonly long _slack;
    private long _next = long.MinValue;

    public FrameRateLimiter(int framesPerSecond, long timestampFrequency)
    {
        _period = timestampFrequency / Math.Max(1, framesPerSecond);
        _slack = _period / 4;
    }

    /// <summary>Frames dropped so far.</summary>
    public long Dropped { get; private set; }

    /// <summary>Whether the frame captured at <paramref name="timestamp"/> (a <see cref="TimeProvider"/> timestamp) should be published.</summary>
    public bool TryTake(long timestamp)
    {
        if (_next != long.MinValue && timestamp < _next - _slack)
        {
            Dropped++;
            return false;
        }

        // On schedule: the next slot is one period on. Far behind it (a pause): start the schedule from now.
        _next = _next == long.MinValue || timestamp - _next > _period ? timestamp + _period : _next + _period;
        return true;
    }
}
