using PiCam.Platform.Gpio;

namespace PiCam.Tests.Platform.Gpio;

public sealed class StatusLightPolicyTests
{
    private static readonly TimeSpan LongAfterStart = TimeSpan.FromMinutes(7);

    [Fact]
    public void Desired_NobodyWatchingAndCameraOnline_IsOff()
    {
        Assert.False(StatusLightPolicy.Desired(viewers: 0, cameraOnline: true, LongAfterStart));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public void Desired_AnyoneWatchingAndCameraOnline_IsOn(int viewers)
    {
        Assert.True(StatusLightPolicy.Desired(viewers, cameraOnline: true, LongAfterStart));
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(0.5, true)]
    [InlineData(1.0, false)]
    [InlineData(1.5, false)]
    [InlineData(2.0, true)]
    [InlineData(2.5, true)]
    [InlineData(3.0, false)]
    [InlineData(3.5, false)]
    [InlineData(600.0, true)]
    [InlineData(601.5, false)]
    public void Desired_CameraDown_BlinksOneSecondOnOneSecondOff(double seconds, bool lit)
    {
        Assert.Equal(lit, StatusLightPolicy.Desired(viewers: 0, cameraOnline: false, TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Desired_CameraDownWhileWatched_BlinksRatherThanStayingLit(double seconds)
    {
        var withViewers = StatusLightPolicy.Desired(viewers: 3, cameraOnline: false, TimeSpan.FromSeconds(seconds));
        var withoutViewers = StatusLightPolicy.Desired(viewers: 0, cameraOnline: false, TimeSpan.FromSeconds(seconds));

        Assert.Equal(withoutViewers, withViewers);
    }

    [Theory]
    [InlineData(0.98, false)]
    [InlineData(1.02, false)]
    [InlineData(1.98, true)]
    [InlineData(2.02, true)]
    [InlineData(2.48, true)]
    [InlineData(2.52, true)]
    public void Desired_TimerFiresALittleEarlyOrLate_KeepsTheBlinkEven(double seconds, bool lit)
    {
        Assert.Equal(lit, StatusLightPolicy.Desired(viewers: 0, cameraOnline: false, TimeSpan.FromSeconds(seconds)));
    }
}
