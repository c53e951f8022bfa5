using PiCam.Config;
using PiCam.Platform.Hdr;

namespace PiCam.Tests.Platform.Hdr;

public sealed class HdrStateTests : IDisposable
{
    private static readonly PicamSettings HdrOn = new() { Hdr = true };
    private static readonly PicamSettings HdrOff = new() { Hdr = false };

    private readonly SubdeviceTree _sysfs = new();

    public void Dispose() => _sysfs.Dispose();

    private HdrState State => new(new Imx708Locator(_sysfs.Root));

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public void Effective_PiCameraWithHdrAndAnImx708_IsOnWhateverTheSensorReadsBetweenStreams(bool? reading)
    {
        _sysfs.AddSubdevice(1, "imx708");

        Assert.True(State.Effective(HdrOn, "picamera", reading));
    }

    [Fact]
    public void Effective_PiCameraWithHdrButAnotherSensor_IsOff()
    {
        _sysfs.AddSubdevice(1, "imx219 10-0010");

        Assert.False(State.Effective(HdrOn, "picamera", true));
    }

    [Fact]
    public void Effective_PiCameraWithoutHdr_IsOff()
    {
        _sysfs.AddSubdevice(1, "imx708");

        Assert.False(State.Effective(HdrOff, "picamera", true));
    }

    [Theory]
    [InlineData("webcam", true, true)]
    [InlineData("webcam", false, false)]
    [InlineData("command", true, true)]
    [InlineData("command", null, false)]
    [InlineData("auto", true, true)]
    public void Effective_OtherCaptureSources_IsTheSensorReadingElseOff(string kind, bool? reading, bool expected)
    {
        _sysfs.AddSubdevice(1, "imx708");

        Assert.Equal(expected, State.Effective(HdrOff, kind, reading));
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("file")]
    public void Effective_NoSensorInThePath_IsOffEvenIfTheSensorSaysOn(string kind)
    {
        _sysfs.AddSubdevice(1, "imx708");

        Assert.False(State.Effective(HdrOn, kind, true));
    }

    [Theory]
    [InlineData("picamera", false)]
    [InlineData("simulator", false)]
    [InlineData("file", false)]
    [InlineData("webcam", true)]
    [InlineData("command", true)]
    [InlineData("auto", true)]
    public void UsesSensorReading_OnlyForSourcesThatDoNotSetTheSensorThemselves(string kind, bool expected)
    {
        Assert.Equal(expected, HdrState.UsesSensorReading(kind));
    }

    [Fact]
    public async Task EffectiveNow_CommandSource_UsesTheCachedSensorReading()
    {
        _sysfs.AddSubdevice(1, "imx708");
        using var tool = StandInV4l2Ctl.Sensor(1);
        var cache = new HdrSensorCache(new HdrControl(tool.Program, _sysfs.Root), TimeProvider.System);
        await cache.RefreshAsync();
        var state = new HdrState(new Imx708Locator(_sysfs.Root), cache);

        Assert.True(state.EffectiveNow(HdrOff, "command"));
        Assert.False(state.EffectiveNow(HdrOff, "picamera"));
    }
}
