using PiCam.Capture;
using PiCam.Capture.Simulator;
using PiCam.Streaming;

namespace PiCam.Tests.Capture.Pacing;

/// <summary>Regression for issue 8 item 4: a source slower than its frame rate never stopped.</summary>
public sealed class SlowSourceTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Simulator_SlowerThanItsFrameRate_StopsWhenCancelled()
    {
        var hub = new FrameHub(TimeProvider.System);
        var source = new SimulatorSource(320, 240, 30, 80, "late cam", new RacingClock());
        using var cts = new CancellationTokenSource();

        // Task.Run so that, were the loop never to yield, the test would fail rather than hang here.
        var running = Task.Run(() => source.RunAsync(hub, cts.Token));
        await hub.WaitForNewerAsync(3, CancellationToken.None).AsTask().WaitAsync(Generous);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Generous));
    }

    [Fact]
    public async Task Simulator_AtAHugeSizeAndRate_StopsWhenCancelled()
    {
        // The size the arm64 run found the bug with: nowhere near 120 fps on any machine.
        var hub = new FrameHub(TimeProvider.System);
        var source = new SimulatorSource(4096, 2160, 120, 80, "big cam", TimeProvider.System);
        using var cts = new CancellationTokenSource();

        var running = Task.Run(() => source.RunAsync(hub, cts.Token));
        await hub.WaitForNewerAsync(1, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Generous));
    }

    [Fact]
    public async Task File_SlowerThanItsFrameRate_StopsWhenCancelled()
    {
        File.WriteAllBytes(_path, TestJpeg.Encode(32, 32, seed: 1));
        var hub = new FrameHub(TimeProvider.System);
        var source = new FileSource(_path, 30, new RacingClock());
        using var cts = new CancellationTokenSource();

        var running = Task.Run(() => source.RunAsync(hub, cts.Token));
        await hub.WaitForNewerAsync(10, CancellationToken.None).AsTask().WaitAsync(Generous);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Generous));
    }
}
