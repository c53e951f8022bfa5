using PiCam.Http.Auth;
using PiCam.Tests.Platform;

namespace PiCam.Tests.Auth;

public sealed class VerifiedCredentialsTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Add_ThenContains_HoldsTheCredentialsForTheLifetimeAndNoLonger()
    {
        var verified = new VerifiedCredentials(_clock, TimeSpan.FromMinutes(5));
        verified.Add("anna", "secret");

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.True(verified.Contains("anna", "secret"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(verified.Contains("anna", "secret"));
        Assert.Equal(0, verified.Count);
    }

    [Theory]
    [InlineData("anna", "secreT")]
    [InlineData("Anna", "secret")]
    [InlineData("anna", "")]
    [InlineData("ann", "asecret")]
    [InlineData("anna:", "secret")]
    public void Contains_AnyOtherUserOrPassword_IsFalse(string user, string password)
    {
        var verified = new VerifiedCredentials(_clock);
        verified.Add("anna", "secret");

        Assert.False(verified.Contains(user, password));
    }

    [Fact]
    public void Add_BeyondCapacity_DropsTheEntryClosestToExpiry()
    {
        var verified = new VerifiedCredentials(_clock, capacity: 2);
        verified.Add("a", "1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        verified.Add("b", "2");
        _clock.Advance(TimeSpan.FromSeconds(1));
        verified.Add("c", "3");

        Assert.Equal(2, verified.Count);
        Assert.False(verified.Contains("a", "1"));
        Assert.True(verified.Contains("b", "2"));
        Assert.True(verified.Contains("c", "3"));
    }

    [Fact]
    public void Add_WhenFull_DropsExpiredEntriesBeforeLiveOnes()
    {
        var verified = new VerifiedCredentials(_clock, TimeSpan.FromMinutes(1), capacity: 2);
        verified.Add("a", "1");
        verified.Add("b", "2");
        _clock.Advance(TimeSpan.FromMinutes(2));
        verified.Add("c", "3");
        verified.Add("d", "4");

        Assert.Equal(2, verified.Count);
        Assert.True(verified.Contains("c", "3"));
        Assert.True(verified.Contains("d", "4"));
    }
}
