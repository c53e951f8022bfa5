using PiCam.Capture;

namespace PiCam.Tests.Capture.Pacing;

public sealed class FramePacerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WaitAsync_AlreadyBehindAndCancelled_Throws()
    {
        var pacer = new FramePacer(30, new RacingClock());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacer.WaitAsync(new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task WaitAsync_OnTimeAndCancelled_Throws()
    {
        var pacer = new FramePacer(1, TimeProvider.System);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacer.WaitAsync(new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Loop_ThatNeverKeepsUp_StopsWhenCancelled()
    {
        var pacer = new FramePacer(120, new RacingClock());
        using var cts = new CancellationTokenSource();
        var frames = 0;
        var loop = Task.Run(async () =>
        {
            while (true)
            {
                Interlocked.Increment(ref frames);
                await pacer.WaitAsync(cts.Token);
            }
        });
        while (Volatile.Read(ref frames) < 100 && !loop.IsCompleted)
        {
            await Task.Delay(10);
        }

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(Generous));
    }

    [Fact]
    public async Task WaitAsync_Behind_LetsOtherWorkRunOnASingleThread()
    {
        // A loop that is always late must still give the thread away between frames: on a one-thread
        // scheduler, a second task only runs if the pacer really yields.
        using var scheduler = new SingleThreadScheduler();
        var pacer = new FramePacer(120, new RacingClock());
        using var cts = new CancellationTokenSource();
        var loop = scheduler.Run(async () =>
        {
            while (true)
            {
                await pacer.WaitAsync(cts.Token);
            }
        });

        var other = scheduler.Run(() => Task.CompletedTask);

        await other.WaitAsync(Generous);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(Generous));
    }
}
