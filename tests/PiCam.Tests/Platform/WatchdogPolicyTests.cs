using PiCam.Capture;
using PiCam.Platform;
using PiCam.Streaming;

namespace PiCam.Tests.Platform;

public sealed class WatchdogPolicyTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private readonly ManualTimeProvider _clock = new();
    private readonly FrameHub _hub;
    private readonly SourceState _source = new("picamera");
    private readonly WatchdogPolicy _policy;

    public WatchdogPolicyTests()
    {
        _hub = new FrameHub(_clock);
        _policy = new WatchdogPolicy(_hub, _source, _clock, Grace);
    }

    private void Advance(double seconds) => _clock.Advance(TimeSpan.FromSeconds(seconds));

    private void Capture() => _hub.Publish([0xFF, 0xD8, 0xFF, 0xD9]);

    private void Placeholder() => _hub.Publish([0xFF, 0xD8, 0xFF, 0xD9], isPlaceholder: true);

    private void StartWanting() => _source.Wanted(_clock.GetTimestamp());

    [Fact]
    public void IsHealthy_NobodyWantsFrames_IsHealthyHoweverStaleTheLastFrame()
    {
        Capture();
        Advance(3600);

        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_WantedAndFramesFlowing_IsHealthyLongAfterItStarted()
    {
        StartWanting();
        for (var i = 0; i < 120; i++)
        {
            Advance(1);
            Capture();
        }

        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_WantedButNoFrameYet_IsHealthyWithinGraceForTheCameraToStart()
    {
        StartWanting();
        Advance(Grace.TotalSeconds - 1);

        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_WantedAndNoFrameForLongerThanGrace_IsUnhealthy()
    {
        StartWanting();
        Advance(Grace.TotalSeconds + 1);

        Assert.False(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_CameraStallsWhileWatched_TurnsUnhealthyOnlyAfterGrace()
    {
        StartWanting();
        Capture();
        Advance(Grace.TotalSeconds - 1);
        Assert.True(_policy.IsHealthy());

        Advance(2);

        Assert.False(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_OnlyNoCameraPlaceholdersArrive_IsUnhealthyAfterGrace()
    {
        StartWanting();
        for (var i = 0; i < Grace.TotalSeconds + 5; i++)
        {
            Advance(1);
            Placeholder();
        }

        Assert.False(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_WantedAgainAfterAnIdleSpell_GetsAFreshGrace()
    {
        StartWanting();
        Capture();
        _source.Unwanted();
        Advance(3600);

        StartWanting();
        Advance(Grace.TotalSeconds - 1);

        Assert.True(_policy.IsHealthy());
    }
}
