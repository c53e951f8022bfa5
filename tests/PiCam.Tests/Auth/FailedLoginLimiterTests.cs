using PiCam.Http.Auth;

namespace PiCam.Tests.Auth;

public sealed class FailedLoginLimiterTests
{
    [Fact]
    public void TenFailures_AreCounted_AndTheAddressIsThenBlockedForTheRestOfTheMinute()
    {
        using var limiter = new FailedLoginLimiter();
        for (var i = 1; i <= 10; i++)
        {
            Assert.False(limiter.IsBlocked("192.0.2.1", out _), $"blocked before failure {i}");
            Assert.True(limiter.RecordFailure("192.0.2.1", out var nowBlocked, out _), $"failure {i} refused");
            Assert.Equal(i == 10, nowBlocked);
        }

        Assert.True(limiter.IsBlocked("192.0.2.1", out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        Assert.False(limiter.RecordFailure("192.0.2.1", out _, out _));
    }

    [Fact]
    public void Failures_AreCountedPerAddress()
    {
        using var limiter = new FailedLoginLimiter(limit: 2);
        limiter.RecordFailure("192.0.2.1", out _, out _);
        limiter.RecordFailure("192.0.2.1", out _, out _);
        limiter.RecordFailure("192.0.2.2", out _, out _);

        Assert.True(limiter.IsBlocked("192.0.2.1", out _));
        Assert.False(limiter.IsBlocked("192.0.2.2", out _));
        Assert.False(limiter.IsBlocked("192.0.2.3", out _));
    }

    [Fact]
    public void IsBlocked_ForAnAddressThatNeverFailed_CreatesNoPartition()
    {
        using var limiter = new FailedLoginLimiter();
        for (var i = 0; i < 100; i++)
        {
            limiter.IsBlocked($"198.51.100.{i}", out _);
        }

        Assert.Equal(0, limiter.Count);
    }

    [Fact]
    public async Task ABlockedAddress_IsLetInAgainAndForgottenOnceItsWindowPasses()
    {
        using var limiter = new FailedLoginLimiter(limit: 1, window: TimeSpan.FromMilliseconds(100));
        limiter.RecordFailure("192.0.2.1", out var nowBlocked, out _);
        Assert.True(nowBlocked);
        Assert.True(limiter.IsBlocked("192.0.2.1", out _));

        await Task.Delay(250);

        Assert.False(limiter.IsBlocked("192.0.2.1", out _));
        Assert.Equal(0, limiter.Count);
    }

    [Fact]
    public void AFloodOfAddresses_IsBoundedByDroppingTheOldest()
    {
        using var limiter = new FailedLoginLimiter(limit: 1, maxAddresses: 3);
        for (var i = 1; i <= 50; i++)
        {
            limiter.RecordFailure($"203.0.113.{i}", out _, out _);
            Assert.InRange(limiter.Count, 1, 3);
        }

        Assert.False(limiter.IsBlocked("203.0.113.1", out _));
        Assert.True(limiter.IsBlocked("203.0.113.50", out _));
        Assert.True(limiter.IsBlocked("203.0.113.48", out _));
    }

    [Fact]
    public async Task WhenFull_AddressesWhoseWindowPassedAreDroppedBeforeLiveOnes()
    {
        using var limiter = new FailedLoginLimiter(limit: 1, window: TimeSpan.FromMilliseconds(300), maxAddresses: 2);
        limiter.RecordFailure("192.0.2.1", out _, out _);
        await Task.Delay(400);
        limiter.RecordFailure("192.0.2.2", out _, out _); // fresh: blocked for 300 ms
        limiter.RecordFailure("192.0.2.3", out _, out _); // full: the idle 192.0.2.1 goes, not 192.0.2.2

        Assert.Equal(2, limiter.Count);
        Assert.True(limiter.IsBlocked("192.0.2.2", out _));
        Assert.True(limiter.IsBlocked("192.0.2.3", out _));
    }

    [Fact]
    public void AReservedPermit_CountsUntilReleased_SoOnlyFailuresUseUpTheLimit()
    {
        using var limiter = new FailedLoginLimiter(limit: 2);
        Assert.True(limiter.TryReserve("192.0.2.1", out var first, out _));
        Assert.True(limiter.TryReserve("192.0.2.1", out var second, out _));
        Assert.True(second.Last);
        Assert.False(limiter.TryReserve("192.0.2.1", out _, out var retryAfter), "a third check while two are in flight");
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));

        limiter.Release(first); // that check succeeded

        Assert.False(limiter.IsBlocked("192.0.2.1", out _));
        Assert.True(limiter.TryReserve("192.0.2.1", out _, out _));
        Assert.True(limiter.IsBlocked("192.0.2.1", out _));
    }

    [Fact]
    public void APermitFromAWindowThatPassed_IsNotGivenBackToTheNextWindow()
    {
        var clock = new PiCam.Tests.Support.FakeClock();
        using var limiter = new FailedLoginLimiter(limit: 1, time: clock);
        Assert.True(limiter.TryReserve("192.0.2.1", out var old, out _));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(limiter.TryReserve("192.0.2.1", out _, out _));

        limiter.Release(old);

        Assert.True(limiter.IsBlocked("192.0.2.1", out _));
    }
}
