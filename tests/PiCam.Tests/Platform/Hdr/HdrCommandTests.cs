using PiCam.Config;
using PiCam.Platform.Hdr;

namespace PiCam.Tests.Platform.Hdr;

public sealed class HdrCommandTests : IDisposable
{
    private static readonly PicamSettings HdrOn = new() { Hdr = true };
    private static readonly PicamSettings HdrOff = new() { Hdr = false };

    private readonly SubdeviceTree _sysfs = new();
    private readonly StringWriter _output = new();

    public void Dispose()
    {
        _sysfs.Dispose();
        _output.Dispose();
    }

    private Task<int> Run(StandInV4l2Ctl tool, PicamSettings settings, params string[] args) =>
        HdrCommand.RunAsync(args, settings, _output, new HdrControl(tool.Program, _sysfs.Root), CancellationToken.None);

    private string[] Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Apply_Hdr1WithCamera_TurnsTheSensorOnAndSaysSo()
    {
        _sysfs.AddSubdevice(2, "imx708");
        using var tool = StandInV4l2Ctl.Sensor(0);

        var exit = await Run(tool, HdrOn, "apply");

        Assert.Equal(0, exit);
        Assert.Equal("1", tool.Value);
        Assert.Equal(["hdr: on (wide_dynamic_range=1 on /dev/v4l-subdev2)"], Lines);
    }

    [Fact]
    public async Task Apply_Hdr0WithCamera_TurnsTheSensorOff()
    {
        _sysfs.AddSubdevice(2, "imx708");
        using var tool = StandInV4l2Ctl.Sensor(1);

        var exit = await Run(tool, HdrOff, "apply");

        Assert.Equal(0, exit);
        Assert.Equal("0", tool.Value);
        Assert.Equal(["hdr: off (wide_dynamic_range=0 on /dev/v4l-subdev2)"], Lines);
    }

    [Fact]
    public async Task Apply_NoCamera_PrintsWhyAndStillExitsZero()
    {
        using var tool = StandInV4l2Ctl.Sensor(0);

        var exit = await Run(tool, HdrOn, "apply");

        Assert.Equal(0, exit);
        Assert.StartsWith("hdr: not set on: no imx708 camera", Assert.Single(Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ToolFails_PrintsItsErrorAndStillExitsZero()
    {
        _sysfs.AddSubdevice(0, "imx708");
        using var tool = StandInV4l2Ctl.Failing("Cannot open device /dev/v4l-subdev0, exiting.", 1);

        var exit = await Run(tool, HdrOn, "apply");

        Assert.Equal(0, exit);
        Assert.Equal(["hdr: not set on: v4l2-ctl exited with code 1: Cannot open device /dev/v4l-subdev0, exiting."], Lines);
    }

    [Fact]
    public async Task Apply_ToolMissing_StillExitsZero()
    {
        _sysfs.AddSubdevice(0, "imx708");
        var control = new HdrControl(Path.Combine(_sysfs.Root, "missing", "v4l2-ctl"), _sysfs.Root);

        var exit = await HdrCommand.RunAsync(["apply"], HdrOn, _output, control, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("install the v4l-utils package", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_PiCameraSource_AddsThatRpicamSetsHdrItself()
    {
        _sysfs.AddSubdevice(0, "imx708");
        using var tool = StandInV4l2Ctl.Sensor(0);

        await Run(tool, HdrOn with { VideoSource = new VideoSourceSpec(VideoSourceKind.PiCamera) }, "apply");

        Assert.Equal(2, Lines.Length);
        Assert.Contains("rpicam-vid --hdr", Lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "hdr: on")]
    [InlineData(0, "hdr: off")]
    public async Task Status_Camera_PrintsTheSensorsStateTheDeviceAndTheSetting(int value, string expected)
    {
        _sysfs.AddSubdevice(5, "imx708_wide");
        using var tool = StandInV4l2Ctl.Sensor(value);

        var exit = await Run(tool, HdrOn, "status");

        Assert.Equal(0, exit);
        Assert.Equal([expected, "device: /dev/v4l-subdev5", "setting: HDR=1"], Lines);
        Assert.Equal("--get-ctrl", Assert.Single(tool.Calls)[0]);
    }

    [Fact]
    public async Task Status_NoCamera_PrintsUnknownWithTheReason()
    {
        using var tool = StandInV4l2Ctl.Sensor(1);

        var exit = await Run(tool, HdrOff, "status");

        Assert.Equal(0, exit);
        Assert.StartsWith("hdr: unknown (no imx708 camera among the V4L2 subdevices in ", Lines[0], StringComparison.Ordinal);
        Assert.Equal(["device: none", "setting: HDR=0"], Lines[1..]);
    }

    [Theory]
    [InlineData]
    [InlineData("enable")]
    [InlineData("apply", "now")]
    public async Task UnknownCommandLine_PrintsUsageAndExitsTwo(params string[] args)
    {
        using var tool = StandInV4l2Ctl.Sensor(0);

        var exit = await Run(tool, HdrOn, args);

        Assert.Equal(2, exit);
        Assert.Contains("Usage: picam hdr apply|status", _output.ToString(), StringComparison.Ordinal);
        Assert.Empty(tool.Calls);
    }

    [Fact]
    public async Task Help_PrintsUsageAndExitsZero()
    {
        using var tool = StandInV4l2Ctl.Sensor(0);

        Assert.Equal(0, await Run(tool, HdrOn, "--help"));
        Assert.StartsWith("Usage: picam hdr apply|status", _output.ToString(), StringComparison.Ordinal);
    }
}
