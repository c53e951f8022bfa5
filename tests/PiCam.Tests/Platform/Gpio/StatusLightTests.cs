using PiCam.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Capture;
using PiCam.Config;
using PiCam.Http;
using PiCam.Platform.Gpio;

namespace PiCam.Tests.Platform.Gpio;

/// <summary>The status light end to end: a real <see cref="PeriodicTimer"/> on a fake clock, a fake line.</summary>
public sealed class StatusLightTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly FakeClock _clock = new();
    private readonly SourceState _source = new("picamera");
    private readonly ConfigProblems _problems = new([], NullLogger<ConfigProblems>.Instance);
    private readonly FakeStatusLine _line = new();
    private readonly List<PicamSettings> _opened = [];
    private PicamSettings _settings = new() { StatusLedGpio = 17 };
    private Func<PicamSettings, IStatusLine>? _openLine;
    private ViewerRegistry? _viewers;
    private StatusLight? _light;

    private ViewerRegistry Viewers => _viewers ??= new ViewerRegistry(_settings, _clock, NullLogger<ViewerRegistry>.Instance);

    private readonly PiCam.WebRtc.Media.H264Hub _webRtc = new();

    private StatusLight Light => _light ??= new StatusLight(_settings, Viewers, _source, _problems, _clock, NullLogger<StatusLight>.Instance, Open, _webRtc);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_light is not null)
        {
            await _light.StopAsync(CancellationToken.None);
            _light.Dispose();
        }
    }

    private IStatusLine Open(PicamSettings settings)
    {
        _opened.Add(settings);
        return _openLine is null ? _line : _openLine(settings);
    }

    private async Task StartAsync()
    {
        await Light.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Light.Evaluations >= 1 || Light.ExecuteTask!.IsCompleted);
    }

    /// <summary>Moves the clock one timer period and waits until the light has dealt with that tick.</summary>
    private async Task TickAsync(int ticks = 1)
    {
        for (var i = 0; i < ticks; i++)
        {
            var before = Light.Evaluations;
            _clock.Advance(StatusLightPolicy.Tick);
            await WaitUntilAsync(() => Light.Evaluations > before || Light.ExecuteTask!.IsCompleted);
        }
    }

    private Viewer Join()
    {
        var viewer = new Viewer(new DefaultHttpContext(), _clock);
        Assert.True(Viewers.TryAdd(viewer));
        return viewer;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the status light did not get there in time");
            await Task.Delay(1);
        }
    }

    private async Task<ConfigProblem> SingleProblemAsync()
    {
        await Light.ExecuteTask!.WaitAsync(Timeout);
        Assert.True(Light.ExecuteTask.IsCompletedSuccessfully);
        return Assert.Single(_problems.Snapshot());
    }

    [Fact]
    public async Task Light_NoGpioConfigured_OpensNoLineAndReportsNothing()
    {
        _settings = new PicamSettings();

        await StartAsync();
        await Light.ExecuteTask!.WaitAsync(Timeout);

        Assert.Empty(_opened);
        Assert.Empty(_problems.Snapshot());
        Assert.Equal(0, _clock.ActiveTimers);
    }

    [Fact]
    public async Task Light_Starting_OpensTheConfiguredLineAndStartsDark()
    {
        _settings = new PicamSettings { StatusLedGpio = 26, StatusLedChip = "gpiochip4", StatusLedActiveLow = true };

        await StartAsync();

        Assert.Same(_settings, Assert.Single(_opened));
        Assert.Equal([false], _line.Writes);
    }

    [Fact]
    public async Task Light_ViewerJoins_TurnsOnAtTheNextTick()
    {
        await StartAsync();

        Join();
        await TickAsync();

        Assert.Equal([false, true], _line.Writes);
    }

    [Fact]
    public async Task Light_WebRtcViewer_CountsLikeAnMjpegOne()
    {
        await StartAsync();
        var session = _webRtc.AddDemand();
        await TickAsync();
        Assert.Equal([false, true], _line.Writes);

        session.Dispose();
        await TickAsync();
        Assert.Equal([false, true, false], _line.Writes);
    }

    [Fact]
    public async Task Light_LastViewerLeaves_TurnsOffButNotWhileOthersWatch()
    {
        await StartAsync();
        var first = Join();
        var second = Join();
        await TickAsync();

        Viewers.Remove(first);
        await TickAsync();
        Assert.Equal([false, true], _line.Writes);

        Viewers.Remove(second);
        await TickAsync();
        Assert.Equal([false, true, false], _line.Writes);
    }

    [Fact]
    public async Task Light_SteadyState_WritesTheLineOnlyWhenItsValueChanges()
    {
        await StartAsync();
        var viewer = Join();

        await TickAsync(20);
        Assert.Equal([false, true], _line.Writes);

        Viewers.Remove(viewer);
        await TickAsync(20);
        Assert.Equal([false, true, false], _line.Writes);
    }

    [Fact]
    public async Task Light_CameraDown_BlinksOneSecondOnOneSecondOff()
    {
        _source.Wanted(_clock.GetTimestamp());
        _source.Stopped("boom");
        await StartAsync();

        var writesAfterEachTick = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            await TickAsync();
            writesAfterEachTick.Add(_line.Writes.Count);
        }

        Assert.Equal([true, false, true, false, true], _line.Writes);
        Assert.Equal([1, 2, 2, 3, 3, 4, 4, 5], writesAfterEachTick);
    }

    [Fact]
    public async Task Light_CameraRecoversWhileWatched_StaysLitAgain()
    {
        Join();
        _source.Wanted(_clock.GetTimestamp());
        _source.Stopped("boom");
        await StartAsync();
        await TickAsync(2);
        Assert.Equal([true, false], _line.Writes);

        _source.Recovered();
        await TickAsync(10);

        Assert.Equal([true, false, true], _line.Writes);
    }

    [Fact]
    public async Task Light_Stopping_TurnsTheLightOffAndReleasesTheLine()
    {
        await StartAsync();
        Join();
        await TickAsync();

        await Light.StopAsync(CancellationToken.None);

        Assert.Equal([false, true, false], _line.Writes);
        Assert.True(_line.Disposed);
        Assert.True(Light.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Light_StoppingWhileDark_ReleasesTheLineWithoutWritingAgain()
    {
        await StartAsync();

        await Light.StopAsync(CancellationToken.None);

        Assert.Equal([false], _line.Writes);
        Assert.True(_line.Disposed);
    }

    [Fact]
    public async Task Light_LineBusy_IsAConfigProblemNotACrash()
    {
        _openLine = _ => throw new GpioException("/dev/gpiochip0 refused line 17", GpioErrors.EBUSY);

        await StartAsync();

        var problem = await SingleProblemAsync();
        Assert.Equal("STATUS_LED_GPIO", problem.Key);
        Assert.Equal(
            "GPIO line 17 on gpiochip0 cannot be used: /dev/gpiochip0 refused line 17: the line is already in use by another program or a kernel driver (EBUSY); no status light",
            problem.Message);
        Assert.Equal(0, _clock.ActiveTimers);
    }

    [Fact]
    public async Task Light_RealChipMissing_IsAConfigProblemNamingTheChip()
    {
        _settings = new PicamSettings { StatusLedGpio = 17, StatusLedChip = "gpiochip99" };
        _openLine = StatusLightFactory.Open;

        await StartAsync();

        var problem = await SingleProblemAsync();
        Assert.Equal("STATUS_LED_GPIO", problem.Key);
        Assert.Equal("GPIO line 17 on gpiochip99 cannot be used: cannot open /dev/gpiochip99: it does not exist (ENOENT); no status light", problem.Message);
    }

    [Fact]
    public async Task Light_LineFailsWhileRunning_IsAConfigProblemAndTheLineIsReleased()
    {
        await StartAsync();
        _line.FailWith = new IOException("the device has gone away (ENODEV)");

        Join();
        await TickAsync();

        var problem = await SingleProblemAsync();
        Assert.Equal("GPIO line 17 on gpiochip0 stopped working: the device has gone away (ENODEV); no status light", problem.Message);
        Assert.True(_line.Disposed);
    }
}
