using System.Diagnostics;
using PiCam.Platform.Hdr;

namespace PiCam.Tests.Platform.Hdr;

public sealed class HdrControlTests : IDisposable
{
    private readonly SubdeviceTree _sysfs = new();

    public void Dispose() => _sysfs.Dispose();

    private HdrControl Control(StandInV4l2Ctl tool, TimeSpan? timeout = null) => new(tool.Program, _sysfs.Root, "/dev", timeout);

    private void AddCamera() => _sysfs.AddSubdevice(0, "rp1-cfe-csi2").AddSubdevice(3, "imx708 6-001a");

    [Theory]
    [InlineData(true, "1")]
    [InlineData(false, "0")]
    public async Task ApplyAsync_Camera_SetsWideDynamicRangeOnTheImx708SubdeviceAndReadsItBack(bool on, string value)
    {
        AddCamera();
        using var tool = StandInV4l2Ctl.Sensor(initial: on ? 0 : 1);

        var result = await Control(tool).ApplyAsync(on);

        Assert.Equal(HdrOutcome.Done, result.Outcome);
        Assert.Equal(on, result.On);
        Assert.Equal("/dev/v4l-subdev3", result.Device);
        Assert.Equal(value, tool.Value);
        Assert.Collection(
            tool.Calls,
            call => Assert.Equal(["--set-ctrl", $"wide_dynamic_range={value}", "-d", "/dev/v4l-subdev3"], call),
            call => Assert.Equal(["--get-ctrl", "wide_dynamic_range", "-d", "/dev/v4l-subdev3"], call));
    }

    [Fact]
    public async Task ApplyAsync_NoCamera_SaysSoWithoutRunningTheTool()
    {
        _sysfs.AddSubdevice(0, "imx219 10-0010");
        using var tool = StandInV4l2Ctl.Sensor();

        var result = await Control(tool).ApplyAsync(true);

        Assert.Equal(HdrOutcome.NoCamera, result.Outcome);
        Assert.Null(result.On);
        Assert.Contains("no imx708 camera", result.Message, StringComparison.Ordinal);
        Assert.Empty(tool.Calls);
    }

    [Fact]
    public async Task ApplyAsync_ToolNotInstalled_SaysToInstallV4lUtils()
    {
        AddCamera();
        var control = new HdrControl(Path.Combine(_sysfs.Root, "no-such-v4l2-ctl"), _sysfs.Root);

        var result = await control.ApplyAsync(true);

        Assert.Equal(HdrOutcome.ToolMissing, result.Outcome);
        Assert.Contains("v4l-utils", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_ToolFails_ReportsItsExitCodeAndStandardError()
    {
        AddCamera();
        using var tool = StandInV4l2Ctl.Failing("VIDIOC_S_EXT_CTRLS: failed: Device or resource busy", 255);

        var result = await Control(tool).ApplyAsync(true);

        Assert.Equal(HdrOutcome.Failed, result.Outcome);
        Assert.Equal("v4l2-ctl exited with code 255: VIDIOC_S_EXT_CTRLS: failed: Device or resource busy", result.Message);
        Assert.Single(tool.Calls);
    }

    [Fact]
    public async Task ApplyAsync_SetSucceedsButTheSensorKeepsItsValue_IsFailed()
    {
        AddCamera();
        using var tool = StandInV4l2Ctl.IgnoringSets(0);

        var result = await Control(tool).ApplyAsync(true);

        Assert.Equal(HdrOutcome.Failed, result.Outcome);
        Assert.False(result.On);
        Assert.Contains("the sensor reads 0", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_ToolHangs_IsKilledAtTheTimeLimit()
    {
        AddCamera();
        using var tool = StandInV4l2Ctl.Hanging();
        var clock = Stopwatch.StartNew();

        var result = await Control(tool, TimeSpan.FromMilliseconds(300)).ApplyAsync(true);

        Assert.Equal(HdrOutcome.Failed, result.Outcome);
        Assert.Equal("v4l2-ctl did not finish within 0.3 s", result.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(await ExitsWithinAsync(tool.HangingPid, TimeSpan.FromSeconds(5)), "the stand-in is still running");
    }

    /// <summary>Whether the process is gone (or a zombie) within the time.</summary>
    private static async Task<bool> ExitsWithinAsync(int pid, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var status = Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "stat");
            if (!File.Exists(status))
            {
                return true;
            }

            try
            {
                var stat = await File.ReadAllTextAsync(status);
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    [Fact]
    public async Task ApplyAsync_CallerCancels_Throws()
    {
        AddCamera();
        using var tool = StandInV4l2Ctl.Hanging();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Control(tool).ApplyAsync(true, cancel.Token));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public async Task ReadAsync_Camera_IsWhatTheSensorHolds(int value, bool expected)
    {
        AddCamera();
        using var tool = StandInV4l2Ctl.Sensor(value);

        Assert.Equal(expected, await Control(tool).ReadAsync());
        Assert.Equal(["--get-ctrl", "wide_dynamic_range", "-d", "/dev/v4l-subdev3"], Assert.Single(tool.Calls));
    }

    [Fact]
    public async Task ReadAsync_NoCamera_IsNull()
    {
        using var tool = StandInV4l2Ctl.Sensor(1);

        Assert.Null(await Control(tool).ReadAsync());
        Assert.Empty(tool.Calls);
    }

    [Fact]
    public async Task QueryAsync_UnexpectedOutput_IsFailedAndQuotesIt()
    {
        AddCamera();
        using var tool = StandInV4l2Ctl.Printing("unknown control 'wide_dynamic_range'");

        var result = await Control(tool).QueryAsync();

        Assert.Equal(HdrOutcome.Failed, result.Outcome);
        Assert.Null(result.On);
        Assert.Contains("unknown control 'wide_dynamic_range'", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wide_dynamic_range: 1\n", true)]
    [InlineData("wide_dynamic_range: 0", false)]
    [InlineData("exposure: 1\nwide_dynamic_range:  1 \n", true)]
    [InlineData("wide_dynamic_range: 2", null)]
    [InlineData("wide_dynamic_range_extra: 1", null)]
    [InlineData("", null)]
    public void ParseValue_GetCtrlOutput_IsTheControlsValue(string output, bool? expected)
    {
        Assert.Equal(expected, HdrControl.ParseValue(output));
    }
}
