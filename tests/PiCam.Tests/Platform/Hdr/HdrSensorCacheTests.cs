using PiCam.Platform.Hdr;

namespace PiCam.Tests.Platform.Hdr;

public sealed class HdrSensorCacheTests : IDisposable
{
    private readonly SubdeviceTree _sysfs = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _sysfs.Dispose();

    private HdrSensorCache Cache(StandInV4l2Ctl tool) => new(new HdrControl(tool.Program, _sysfs.Root), _time, TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Current_FirstCall_AnswersUnknownAtOnceAndReadsInTheBackground()
    {
        _sysfs.AddSubdevice(0, "imx708");
        using var tool = StandInV4l2Ctl.Sensor(1);
        var cache = Cache(tool);

        Assert.Null(cache.Current());
        await cache.LastRefresh;

        Assert.True(cache.Current());
        Assert.Single(tool.Calls);
    }

    [Fact]
    public async Task Current_YoungerThanMaxAge_DoesNotReadAgain_OlderDoes()
    {
        _sysfs.AddSubdevice(0, "imx708");
        using var tool = StandInV4l2Ctl.Sensor(1);
        var cache = Cache(tool);
        await cache.RefreshAsync();

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(cache.Current());
        await cache.LastRefresh;
        Assert.Single(tool.Calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(cache.Current());
        await cache.LastRefresh;
        Assert.Equal(2, tool.Calls.Count);
    }

    [Fact]
    public async Task RefreshAsync_SensorChanged_KeepsTheNewValue()
    {
        _sysfs.AddSubdevice(0, "imx708");
        using var tool = StandInV4l2Ctl.Sensor(1);
        var cache = Cache(tool);
        Assert.True(await cache.RefreshAsync());

        await new HdrControl(tool.Program, _sysfs.Root).ApplyAsync(false);

        Assert.False(await cache.RefreshAsync());
        Assert.False(cache.Current());
    }

    [Fact]
    public async Task RefreshAsync_NoCamera_IsUnknownWithoutRunningTheTool()
    {
        using var tool = StandInV4l2Ctl.Sensor(1);
        var cache = Cache(tool);

        Assert.Null(await cache.RefreshAsync());
        Assert.Null(cache.Current());
        Assert.Empty(tool.Calls);
    }
}
