using PiCam.Capture;
using PiCam.Platform;
using PiCam.Streaming;
using Xunit;

namespace PiCam.Tests.Platform;

public sealed class WatchdogPolicyTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly ManualTimeProvider _clock = new();
    private readonly FrameHub _hub;
    private readonly SourceState _source = new("simulator");
    private readonly WatchdogPolicy _policy;

    public WatchdogPolicyTests()
    {
        _hub = new FrameHub(_clock);
        _policy = new WatchdogPolicy(_hub, _source, _clock, Grace);
    }

    private void Advance(double seconds) => _clock.Advance(TimeSpan.FromSeconds(seconds));

    private void Publish() => _hub.Publish([0xFF, 0xD8, 0xFF, 0xD9]);

    [Fact]
    public void IsHealthy_NoDemand_IsHealthyHoweverStaleTheFrames()
    {
        _source.Started();
        Publish();

        Advance(3600);

        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_NoDemandAndNoFramesEver_IsHealthy()
    {
        Advance(3600);

        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_DemandAndAFreshFrame_IsHealthyEvenLongAfterDemandStarted()
    {
        using var lease = _hub.AddDemand();
        _source.Started();
        Assert.True(_policy.IsHealthy());
        Advance(60);

        Publish();
        Advance(Grace.TotalSeconds - 1);

        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_DemandRunningSourceAndNewestFrameOlderThanGrace_IsUnhealthy()
    {
        using var lease = _hub.AddDemand();
        _source.Started();
        Publish();
        Assert.True(_policy.IsHealthy());

        Advance(Grace.TotalSeconds + 1);

        Assert.False(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_FramesStopWhileWatched_TurnsUnhealthyOnlyAfterGrace()
    {
        using var lease = _hub.AddDemand();
        _source.Started();
        Assert.True(_policy.IsHealthy());
        for (var i = 0; i < 20; i++)
        {
            Advance(1);
            Publish();
            Assert.True(_policy.IsHealthy());
        }

        Advance(Grace.TotalSeconds - 0.5);
        Assert.True(_policy.IsHealthy());

        Advance(1);
        Assert.False(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_WithinGraceAfterDemandStartedWithoutFrames_IsHealthy()
    {
        using var lease = _hub.AddDemand();
        _source.Started();
        Assert.True(_policy.IsHealthy());

        Advance(Grace.TotalSeconds - 1);

        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_BeyondGraceAfterDemandStartedWithoutFrames_IsUnhealthy()
    {
        using var lease = _hub.AddDemand();
        _source.Started();
        Assert.True(_policy.IsHealthy());

        Advance(Grace.TotalSeconds + 1);

        Assert.False(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_StaleFrameFromAnEarlierRun_GetsAFreshGraceWhenDemandReturns()
    {
        Publish();
        Advance(3600);
        using var lease = _hub.AddDemand();
        _source.Started();

        Assert.True(_policy.IsHealthy());
        Advance(Grace.TotalSeconds / 2);
        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_DemandButSourceNotRunning_IsHealthy()
    {
        using var lease = _hub.AddDemand();
        Assert.True(_policy.IsHealthy());

        Advance(3600);

        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_SourceStoppedWithAnError_IsHealthySoTheRetryIsNotKilled()
    {
        using var lease = _hub.AddDemand();
        _source.Started();
        Assert.True(_policy.IsHealthy());
        _source.Stopped("camera unplugged");

        Advance(3600);

        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void IsHealthy_DemandEndsAndReturns_GraceStartsAgain()
    {
        var lease = _hub.AddDemand();
        _source.Started();
        Assert.True(_policy.IsHealthy());
        Advance(Grace.TotalSeconds + 1);
        Assert.False(_policy.IsHealthy());

        lease.Dispose();
        Assert.True(_policy.IsHealthy());
        using var again = _hub.AddDemand();

        Assert.True(_policy.IsHealthy());
        Advance(Grace.TotalSeconds - 1);
        Assert.True(_policy.IsHealthy());
    }

    [Fact]
    public void Grace_IsWhatWasGiven()
    {
        Assert.Equal(Grace, _policy.Grace);
    }
}
