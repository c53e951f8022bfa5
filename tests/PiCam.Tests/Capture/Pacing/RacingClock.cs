namespace PiCam.Tests.Capture.Pacing;

/// <summary>
/// A clock on which every frame is late: each reading is a second after the one before, so a
/// <c>FramePacer</c> on it always finds itself behind, however fast the machine.
/// </summary>
internal sealed class RacingClock : TimeProvider
{
    private long _now = 1_000 * TimeSpan.TicksPerSecond;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _now, TimeSpan.TicksPerSecond);
}
