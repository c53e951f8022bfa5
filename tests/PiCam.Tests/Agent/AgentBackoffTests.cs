using PiCam.Agent;
using PiCam.Capture;

namespace PiCam.Tests.Agent;

public sealed class AgentBackoffTests
{
    [Fact]
    public void Backoff_WithTheAgentsTimings_DoublesFromOneSecond_IsCappedAt60_AndResetsAfterAHealthyMinute()
    {
        var backoff = new Backoff(AgentTimings.BackoffStart, AgentTimings.BackoffCap, AgentTimings.Healthy, new Random(7));
        var delays = Enumerable.Range(0, 12).Select(_ => backoff.Next(TimeSpan.Zero).TotalSeconds).ToList();

        Assert.InRange(delays[0], 0.8, 1.2);
        Assert.InRange(delays[3], 6.4, 9.6);
        Assert.All(delays, d => Assert.True(d <= 60, $"{d} s is over the cap"));
        Assert.InRange(delays[^1], 48, 60); // the cap, less its jitter
        Assert.InRange(backoff.Next(TimeSpan.FromMinutes(1)).TotalSeconds, 0.8, 1.2);
    }
}
