using PiCam.Capture;
using PiCam.Streaming;

namespace PiCam.Platform;

/// <summary>
/// Decides whether to tell systemd we are alive. Alive means: nobody wants frames (the camera is idle by
/// design), or the newest camera frame (not a NO CAMERA placeholder) is younger than <see cref="Grace"/>,
/// or frames have been wanted for less than <see cref="Grace"/> (the camera is still starting). A camera
/// that stays down while watched stops the pings, and systemd restarts us (and, if that keeps happening,
/// reboots the appliance).
/// </summary>
internal sealed class WatchdogPolicy
{
    private readonly FrameHub _hub;
    private readonly SourceState _source;
    private readonly TimeProvider _time;

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
        var wantedSince = _source.WantedSince;
        if (wantedSince == 0)
        {
            return true;
        }

        var now = _time.GetTimestamp();
        var latest = _hub.LatestCapture;
        if (latest is not null && _time.GetElapsedTime(latest.CapturedTicks, now) < Grace)
        {
            return true;
        }

        return _time.GetElapsedTime(wantedSince, now) < Grace;
    }
}
