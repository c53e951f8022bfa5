namespace PiCam.WebRtc.Rtp;

/// <summary>RTP media clocks: video is 90 kHz (RFC 6184 §8.2.1), and timestamps wrap at 2^32.</summary>
internal static class RtpTimestamp
{
    public const int VideoClockRate = 90_000;

    /// <summary>The timestamp <paramref name="elapsed"/> after <paramref name="start"/>; exact for any uptime, no overflow.</summary>
    public static uint From(TimeSpan elapsed, uint start = 0, int clockRate = VideoClockRate)
    {
        var ticks = Math.Max(elapsed.Ticks, 0);
        var units = ticks / TimeSpan.TicksPerSecond * clockRate + ticks % TimeSpan.TicksPerSecond * clockRate / TimeSpan.TicksPerSecond;
        return unchecked(start + (uint)(ulong)units);
    }
}
