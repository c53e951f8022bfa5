using System.Diagnostics;
using PiCam.Capture;
using PiCam.Config;
using PiCam.Streaming;
using PiCam.Tests.Auth;
using PiCam.Tests.Support;

namespace PiCam.Tests.Capture.Pacing;

/// <summary>CaptureService stops a source that never yields, and never waits on one without bound at shutdown.</summary>
[Collection(TimingSensitive.Name)]
public sealed class CaptureServiceStopTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    private static CaptureService Create(IFrameSource source, FrameHub hub, SourceState state, CapturingLogger<CaptureService> logger, TimeSpan stopTimeout) =>
        new(source, hub, state, new PicamSettings { IdleSeconds = 1, Width = 64, Height = 48 }, TimeProvider.System, logger, new Backoff(), stopTimeout);

    [Fact]
    public async Task Source_ThatNeverYields_StopsWithinIdleSecondsPlusOneAfterTheLastViewerLeaves()
    {
        var hub = new FrameHub(TimeProvider.System);
        var state = new SourceState("blocking");
        var source = new BlockingSource(TimeSpan.FromMilliseconds(50));
        var logger = new CapturingLogger<CaptureService>();
        using var service = Create(source, hub, state, logger, CaptureService.DefaultStopTimeout);
        await service.StartAsync(CancellationToken.None).WaitAsync(Generous);

        var viewer = hub.AddDemand();
        await hub.WaitForNewerAsync(2, CancellationToken.None).AsTask().WaitAsync(Generous);
        Assert.True(state.Running);
        viewer.Dispose();
        var left = Stopwatch.StartNew();

        await source.Ended.WaitAsync(Generous);
        var stoppedAfter = left.Elapsed;
        await WaitUntilAsync(() => !state.Running);
        Assert.True(stoppedAfter < TimeSpan.FromSeconds(1 + 1), $"the source stopped {stoppedAfter.TotalSeconds:F1} s after the last viewer left");
        Assert.Null(state.Error);
        Assert.Contains("Stopped the blocking source", logger.AllText, StringComparison.Ordinal);
        await service.StopAsync(CancellationToken.None).WaitAsync(Generous);
    }

    [Fact]
    public async Task Source_ThatIgnoresCancellation_DoesNotHoldUpShutdownBeyondTheStopTimeout()
    {
        var hub = new FrameHub(TimeProvider.System);
        var state = new SourceState("blocking");
        var source = new BlockingSource(TimeSpan.FromMilliseconds(20), heedsCancellation: false);
        var logger = new CapturingLogger<CaptureService>();
        using var service = Create(source, hub, state, logger, TimeSpan.FromMilliseconds(500));
        await service.StartAsync(CancellationToken.None).WaitAsync(Generous);
        using var viewer = hub.AddDemand();
        await hub.WaitForNewerAsync(2, CancellationToken.None).AsTask().WaitAsync(Generous);

        try
        {
            await service.StopAsync(CancellationToken.None).WaitAsync(Generous);
            Assert.False(source.Ended.IsCompleted, "the stand-in source was meant to outlive the stop");
            Assert.Contains("did not stop within 0.5 s", logger.AllText, StringComparison.Ordinal);
        }
        finally
        {
            source.Release();
        }

        await source.Ended.WaitAsync(Generous);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < Generous)
        {
            await Task.Delay(20);
        }
    }
}
