using PiCam.Http.Auth;

namespace PiCam.Tests.Auth;

public sealed class PasswordCheckQueueTests
{
    [Fact]
    public async Task Checks_NeverRunMoreThanTheWorkersAtOnce_AndBeyondTheQueueAreRefusedWithoutRunning()
    {
        using var gate = new ManualResetEventSlim();
        using var checks = new PasswordCheckQueue(workers: 2, queueLength: 3);
        var ran = 0;
        bool Check()
        {
            Interlocked.Increment(ref ran);
            return gate.Wait(TimeSpan.FromSeconds(30));
        }

        var accepted = new List<Task<bool>>();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(checks.TryRun(Check, out var task));
            accepted.Add(task);
        }

        await WaitUntilAsync(() => checks.Running == 2);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(checks.TryRun(Check, out var task), $"queued check {i + 1} refused");
            accepted.Add(task);
        }

        Assert.False(checks.TryRun(Check, out var refused));
        Assert.False(await refused);
        gate.Set();

        Assert.All(await Task.WhenAll(accepted), Assert.True);
        Assert.Equal(5, ran);
        Assert.Equal(2, checks.PeakRunning);
    }

    [Fact]
    public async Task AChecksFailure_ReachesItsCaller_AndTheWorkerCarriesOn()
    {
        using var checks = new PasswordCheckQueue(workers: 1);

        Assert.True(checks.TryRun(() => throw new FormatException("bad hash"), out var failing));
        await Assert.ThrowsAsync<FormatException>(() => failing);
        Assert.True(checks.TryRun(() => true, out var next));
        Assert.True(await next);
    }

    [Fact]
    public async Task Checks_RunOnThreadsOfTheirOwn_NotTheThreadPool()
    {
        using var checks = new PasswordCheckQueue(workers: 1);

        Assert.True(checks.TryRun(() => Thread.CurrentThread.IsThreadPoolThread, out var onPool));

        Assert.False(await onPool);
    }

    [Fact]
    public async Task Dispose_AnswersWaitingChecksNoWithoutRunningThem_SoShutdownIsNotHeldUp()
    {
        using var gate = new ManualResetEventSlim();
        var checks = new PasswordCheckQueue(workers: 1, queueLength: 4);
        Assert.True(checks.TryRun(() => gate.Wait(TimeSpan.FromSeconds(30)), out var running));
        await WaitUntilAsync(() => checks.Running == 1);
        var ran = 0;
        Assert.True(checks.TryRun(() => Interlocked.Increment(ref ran) > 0, out var waiting));

        checks.Dispose();
        gate.Set();

        Assert.True(await running);
        Assert.False(await waiting);
        Assert.Equal(0, ran);
        Assert.False(checks.TryRun(() => true, out _));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
