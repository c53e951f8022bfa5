using PiCam.Capture;
using PiCam.Streaming;

namespace PiCam.Platform;

/// <summary>
/// Decides whether to tell systemd we are alive. Alive means: nobody wants frames (the camera is idle by
/// design), or the newest frame is fresh, or the source started less than <see cref="Grace"/> ago.
/// A camera that stalls while watched stops the pings, and systemd restarts us.
/// </summary>
internal sealed class WatchdogPolicy
{
    private readonly FrameHub _hub;
    private readonly SourceState _source;
    private readonly TimeProvider _time;
    private long _demandSince;

    public WatchdogPolicy(FrameHub hub, SourceState source, TimeProvider time, TimeSpan grace)
    {
        _hub = hub;
        _source = source;
        _time = time;
        Grace = grace;
    }

    public TimeSpan Grace { get; }

    public bool IsHealthy()
    {
        if (_hub.Demand == 0 || !_source.Running)
        {
            _demandSince = 0;
            return true;
        }

        var now = _time.GetTimestamp();
        if (_demandSince == 0)
        {
            _demandSince = now;
        }

        var latest = _hub.Latest;
        if (latest is not null && _time.GetElapsedTime(latest.CapturedTicks, now) < Grace)
        {
            return true;
        }

        return _time.GetElapsedTime(_demandSince, now) < Grace;
    }
}
