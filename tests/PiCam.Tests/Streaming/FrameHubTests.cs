using PiCam.Streaming;
using PiCam.Tests.Platform;
using Xunit;

namespace PiCam.Tests.Streaming;

public sealed class FrameHubTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly ManualTimeProvider _clock = new();
    private readonly FrameHub _hub;

    public FrameHubTests() => _hub = new FrameHub(_clock);

    private static byte[] Jpeg(byte marker) => [0xFF, 0xD8, marker, marker, 0xFF, 0xD9];

    [Fact]
    public void Latest_BeforeAnyPublish_IsNull()
    {
        Assert.Null(_hub.Latest);
        Assert.Equal(0, _hub.Demand);
    }

    [Fact]
    public void Publish_EachFrame_GetsTheNextSequenceAndBecomesLatest()
    {
        var first = _hub.Publish(Jpeg(1));
        var second = _hub.Publish(Jpeg(2));

        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
        Assert.Same(second, _hub.Latest);
        Assert.Equal(Jpeg(2), second.Jpeg.ToArray());
    }

    [Fact]
    public void Publish_Frame_CarriesTheClocksTimes()
    {
        _clock.Advance(TimeSpan.FromSeconds(3));

        var frame = _hub.Publish(Jpeg(1));

        Assert.Equal(_clock.GetUtcNow(), frame.CapturedAt);
        Assert.Equal(_clock.GetTimestamp(), frame.CapturedTicks);
    }

    [Fact]
    public async Task WaitForNewerAsync_WaiterOnTheLatestSequence_GetsTheNextFrameWhenPublished()
    {
        var current = _hub.Publish(Jpeg(1));

        var waiting = _hub.WaitForNewerAsync(current.Sequence, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        var next = _hub.Publish(Jpeg(2));
        var received = await waiting.WaitAsync(Timeout);

        Assert.Same(next, received);
        Assert.Equal(current.Sequence + 1, received.Sequence);
    }

    [Fact]
    public async Task WaitForNewerAsync_BeforeTheFirstFrame_WaitsForIt()
    {
        var waiting = _hub.WaitForNewerAsync(0, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        var first = _hub.Publish(Jpeg(1));

        Assert.Same(first, await waiting.WaitAsync(Timeout));
    }

    [Fact]
    public async Task WaitForNewerAsync_AfterSeveralPublishes_ReturnsTheNewestAtOnce()
    {
        var seen = _hub.Publish(Jpeg(1));
        for (byte i = 2; i <= 5; i++)
        {
            _hub.Publish(Jpeg(i));
        }

        var waiting = _hub.WaitForNewerAsync(seen.Sequence, CancellationToken.None);

        Assert.True(waiting.IsCompleted);
        var frame = await waiting;
        Assert.Equal(5, frame.Sequence);
        Assert.Equal(Jpeg(5), frame.Jpeg.ToArray());
    }

    [Fact]
    public void WaitForNewerAsync_OnTheNewestSequence_DoesNotReturnItAgain()
    {
        var newest = _hub.Publish(Jpeg(1));

        var waiting = _hub.WaitForNewerAsync(newest.Sequence, CancellationToken.None);

        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task WaitForNewerAsync_SlowViewerAgainstAFastPublisher_NeverGetsAnOlderOrDuplicateFrame()
    {
        const int count = 2000;
        using var cts = new CancellationTokenSource(Timeout);
        var viewer = Task.Run(async () =>
        {
            var sequences = new List<long>();
            long last = 0;
            while (last < count)
            {
                var frame = await _hub.WaitForNewerAsync(last, cts.Token);
                sequences.Add(frame.Sequence);
                Assert.Equal(frame.Sequence, frame.Jpeg.Span[2] | (frame.Jpeg.Span[3] << 8));
                last = frame.Sequence;
                if (sequences.Count % 7 == 0)
                {
                    await Task.Yield(); // be slow now and then
                }
            }

            return sequences;
        });

        var publisher = Task.Run(() =>
        {
            for (var i = 1; i <= count; i++)
            {
                _hub.Publish([0xFF, 0xD8, (byte)i, (byte)(i >> 8), 0xFF, 0xD9]);
            }
        });

        await publisher.WaitAsync(Timeout);
        var seen = await viewer.WaitAsync(Timeout);

        Assert.Equal(count, seen[^1]);
        for (var i = 1; i < seen.Count; i++)
        {
            Assert.True(seen[i] > seen[i - 1], $"frame {seen[i]} came after {seen[i - 1]}");
        }
    }

    [Fact]
    public async Task Publish_OneFrame_WakesAHundredConcurrentWaiters()
    {
        var current = _hub.Publish(Jpeg(1));
        var waiters = new Task<Frame>[100];
        Parallel.For(0, waiters.Length, i => waiters[i] = _hub.WaitForNewerAsync(current.Sequence, CancellationToken.None).AsTask());
        Assert.DoesNotContain(waiters, w => w.IsCompleted);

        var next = _hub.Publish(Jpeg(2));
        var frames = await Task.WhenAll(waiters).WaitAsync(Timeout);

        Assert.All(frames, f => Assert.Same(next, f));
    }

    [Fact]
    public async Task WaitForNewerAsync_Cancelled_ThrowsAndLaterPublishesStillWork()
    {
        using var cts = new CancellationTokenSource();
        var waiting = _hub.WaitForNewerAsync(0, cts.Token).AsTask();
        var other = _hub.WaitForNewerAsync(0, CancellationToken.None).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Timeout));
        Assert.False(other.IsCompleted);
        var frame = _hub.Publish(Jpeg(1));
        Assert.Same(frame, await other.WaitAsync(Timeout));
    }

    [Fact]
    public async Task WaitForNewerAsync_AlreadyCancelledTokenAndNothingNewer_Throws()
    {
        _hub.Publish(Jpeg(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _hub.WaitForNewerAsync(1, new CancellationToken(canceled: true)).AsTask());
    }

    [Fact]
    public void AddDemand_AndDispose_ToggleDemand()
    {
        var lease = _hub.AddDemand();
        Assert.Equal(1, _hub.Demand);

        lease.Dispose();

        Assert.Equal(0, _hub.Demand);
    }

    [Fact]
    public void DemandChanged_FromZeroToOne_Completes()
    {
        var changed = _hub.DemandChanged;
        Assert.False(changed.IsCompleted);

        using var lease = _hub.AddDemand();

        Assert.True(changed.IsCompleted);
        Assert.False(_hub.DemandChanged.IsCompleted);
    }

    [Fact]
    public void DemandChanged_FromOneToTwoAndBackToOne_DoesNotComplete()
    {
        using var first = _hub.AddDemand();
        var changed = _hub.DemandChanged;

        var second = _hub.AddDemand();
        Assert.Equal(2, _hub.Demand);
        Assert.False(changed.IsCompleted);

        second.Dispose();
        Assert.Equal(1, _hub.Demand);
        Assert.False(changed.IsCompleted);
    }

    [Fact]
    public void DemandChanged_FromOneToZero_Completes()
    {
        var lease = _hub.AddDemand();
        var changed = _hub.DemandChanged;

        lease.Dispose();

        Assert.True(changed.IsCompleted);
    }

    [Fact]
    public void Dispose_LeaseTwice_ReleasesDemandOnce()
    {
        using var other = _hub.AddDemand();
        var lease = _hub.AddDemand();

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(1, _hub.Demand);
    }

    [Fact]
    public async Task Dispose_ManyLeasesConcurrently_LeavesNoDemand()
    {
        var leases = Enumerable.Range(0, 200).Select(_ => _hub.AddDemand()).ToArray();
        var changed = _hub.DemandChanged;

        await Task.WhenAll(leases.Select(l => Task.Run(() => { l.Dispose(); l.Dispose(); }))).WaitAsync(Timeout);

        Assert.Equal(0, _hub.Demand);
        Assert.True(changed.IsCompleted);
    }

    [Fact]
    public void Publish_SourceMutatedAfterwards_FrameIsUnchanged()
    {
        var source = Jpeg(7);
        var original = source.ToArray();

        var frame = _hub.Publish(source);
        Array.Fill(source, (byte)0);

        Assert.Equal(original, frame.Jpeg.ToArray());
        Assert.Equal(original, _hub.Latest!.Jpeg.ToArray());
    }

    [Fact]
    public void FramesPerSecond_ThirtyPublishesOverOneSecond_IsAboutThirty()
    {
        for (var i = 0; i < 30; i++)
        {
            _clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond / 30 + 1));
            _hub.Publish(Jpeg(1));
        }

        Assert.InRange(_hub.FramesPerSecond, 29.5, 30.5);
    }
}
