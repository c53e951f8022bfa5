using System.Net;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.WebRtc.Turn;

public sealed class TurnRefreshPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("198.51.100.1"), 4000);

    [Fact]
    public void Allocation_IsRenewedAMinuteBeforeItsLifetimeEnds_OrHalfWayWhenShort()
    {
        var plan = new TurnRefreshPlan();

        plan.Allocated(T0, TimeSpan.FromMinutes(10));
        Assert.Equal(T0 + TimeSpan.FromMinutes(9), plan.NextDue);

        plan.Allocated(T0, TimeSpan.FromSeconds(60));
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), plan.NextDue);
    }

    [Fact]
    public void Permissions_AreRenewedEveryFourMinutes_ChannelsEveryNine()
    {
        var plan = new TurnRefreshPlan();
        plan.Allocated(T0, TimeSpan.FromHours(1));
        plan.Permitted(IPAddress.Parse("192.0.2.9"), T0);
        plan.Bound(0x4000, Peer, T0 + TimeSpan.FromMinutes(1));

        Assert.Equal(T0 + TimeSpan.FromMinutes(4), plan.NextDue);
        var atFour = plan.TakeDue(T0 + TimeSpan.FromMinutes(4));
        Assert.False(atFour.Allocation);
        Assert.Equal([IPAddress.Parse("192.0.2.9")], atFour.Permissions);
        Assert.Empty(atFour.Channels);

        // The channel's peer permission falls due at 5 min, its channel at 10: the ChannelBind covers both.
        var atTen = plan.TakeDue(T0 + TimeSpan.FromMinutes(10));
        Assert.Equal([(0x4000, Peer)], atTen.Channels.Select(c => ((int)c.Channel, c.Peer)));
        Assert.DoesNotContain(Peer.Address, atTen.Permissions);
    }

    [Fact]
    public void TakeDue_PushesWhatItHandsOutAhead_SoAFailedRenewalIsRetriedLater()
    {
        var plan = new TurnRefreshPlan();
        plan.Allocated(T0, TimeSpan.FromMinutes(10));
        var due = T0 + TimeSpan.FromMinutes(9);

        Assert.True(plan.TakeDue(due).Allocation);
        Assert.True(plan.TakeDue(due).IsEmpty);
        Assert.Equal(due + TurnRefreshPlan.RetryInterval, plan.NextDue);
    }

    [Fact]
    public void Clear_LeavesNothingToRenew()
    {
        var plan = new TurnRefreshPlan();
        plan.Allocated(T0, TimeSpan.FromMinutes(10));
        plan.Bound(0x4000, Peer, T0);

        plan.Clear();

        Assert.Null(plan.NextDue);
        Assert.True(plan.TakeDue(T0 + TimeSpan.FromDays(1)).IsEmpty);
    }
}
