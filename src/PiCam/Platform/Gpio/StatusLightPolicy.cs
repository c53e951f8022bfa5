namespace PiCam.Platform.Gpio;

/// <summary>
/// What the status light shows: a slow blink (1 s on, 1 s off) while the camera is down, else lit while anyone
/// is watching (a privacy light), else dark.
/// </summary>
internal static class StatusLightPolicy
{
    /// <summary>How often the light is re-evaluated; the blink's phases are whole numbers of ticks.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan BlinkPhase = TimeSpan.FromSeconds(1);

    public static bool Desired(int viewers, bool cameraOnline, TimeSpan sinceStart)
    {
        if (!cameraOnline)
        {
            // Round to the nearest tick first, so a timer that fires a little early or late neither
            // stretches one phase nor shortens the other.
            var ticks = (long)Math.Round(sinceStart / Tick);
            var phase = ticks / (long)(BlinkPhase / Tick);
            return phase % 2 == 0;
        }

        return viewers > 0;
    }
}
