using PiCam.Streaming;
using PiCam.Tests.Platform;

namespace PiCam.Tests.Capture.Camera;

public sealed class FrameHubPlaceholderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly byte[] Real = [0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9];
    private static readonly byte[] Placeholder = [0xFF, 0xD8, 9, 9, 9, 0xFF, 0xD9];

    [Fact]
    public void Publish_Placeholder_MarksTheFrameAndMakesItLatest()
    {
        var hub = new FrameHub(new ManualTimeProvider());

        var frame = hub.Publish(Placeholder, isPlaceholder: true);

        Assert.True(frame.IsPlaceholder);
        Assert.Same(frame, hub.Latest);
        Assert.Equal(Placeholder, frame.Jpeg.ToArray());
    }

    [Fact]
    public void Publish_Default_IsNotAPlaceholder()
    {
        var hub = new FrameHub(new ManualTimeProvider());

        var frame = hub.Publish(Real);

        Assert.False(frame.IsPlaceholder);
        Assert.Same(frame, hub.LatestCapture);
    }

    [Fact]
    public void Publish_PlaceholderWithNoCaptureYet_LeavesLatestCaptureNull()
    {
        var hub = new FrameHub(new ManualTimeProvider());

        hub.Publish(Placeholder, isPlaceholder: true);

        Assert.Null(hub.LatestCapture);
    }

    [Fact]
    public void Publish_PlaceholderAfterACapture_KeepsThatCaptureAsLatestCapture()
    {
        var hub = new FrameHub(new ManualTimeProvider());
        var captured = hub.Publish(Real);

        var placeholder = hub.Publish(Placeholder, isPlaceholder: true);

        Assert.Same(captured, hub.LatestCapture);
        Assert.Same(placeholder, hub.Latest);
        Assert.True(placeholder.Sequence > captured.Sequence);
    }

    [Fact]
    public void Publish_OnlyPlaceholders_DoNotCountInFramesPerSecond()
    {
        var time = new ManualTimeProvider();
        var hub = new FrameHub(time);

        for (var i = 0; i < 15; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            hub.Publish(Placeholder, isPlaceholder: true);
        }

        Assert.Equal(0, hub.FramesPerSecond);
    }

    [Fact]
    public void Publish_PlaceholdersBetweenCaptures_DoNotRaiseFramesPerSecond()
    {
        var time = new ManualTimeProvider();
        var hub = new FrameHub(time);

        // 10 captures a second, each followed 50 ms later by a placeholder.
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            hub.Publish(Placeholder, isPlaceholder: true);
            time.Advance(TimeSpan.FromMilliseconds(50));
            hub.Publish(Real);
        }

        Assert.Equal(10, hub.FramesPerSecond);
    }

    [Fact]
    public async Task WaitForNewerCaptureAsync_PlaceholdersThenACapture_ReturnsTheCapture()
    {
        var hub = new FrameHub(new ManualTimeProvider());

        var waiting = hub.WaitForNewerCaptureAsync(0, CancellationToken.None).AsTask();
        hub.Publish(Placeholder, isPlaceholder: true);
        hub.Publish(Placeholder, isPlaceholder: true);
        await Task.Yield();
        Assert.False(waiting.IsCompleted, "returned before a real frame was published");
        var real = hub.Publish(Real);

        var frame = await waiting.WaitAsync(Timeout);

        Assert.Same(real, frame);
        Assert.False(frame.IsPlaceholder);
        Assert.Equal(3, frame.Sequence);
    }

    [Fact]
    public async Task WaitForNewerCaptureAsync_LatestIsAlreadyAPlaceholder_WaitsForTheNextCapture()
    {
        var hub = new FrameHub(new ManualTimeProvider());
        hub.Publish(Placeholder, isPlaceholder: true);
        hub.Publish(Placeholder, isPlaceholder: true);

        var waiting = hub.WaitForNewerCaptureAsync(0, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted, "returned a placeholder");
        hub.Publish(Placeholder, isPlaceholder: true);
        var real = hub.Publish(Real);

        Assert.Same(real, await waiting.WaitAsync(Timeout));
    }

    [Fact]
    public async Task WaitForNewerCaptureAsync_NewerCaptureAlreadyLatest_ReturnsItAtOnce()
    {
        var hub = new FrameHub(new ManualTimeProvider());
        hub.Publish(Placeholder, isPlaceholder: true);
        var real = hub.Publish(Real);

        var waiting = hub.WaitForNewerCaptureAsync(1, CancellationToken.None);

        Assert.True(waiting.IsCompleted);
        Assert.Same(real, await waiting);
    }

    [Fact]
    public async Task WaitForNewerAsync_PlaceholderPublished_ReturnsThePlaceholder()
    {
        var hub = new FrameHub(new ManualTimeProvider());

        var waiting = hub.WaitForNewerAsync(0, CancellationToken.None).AsTask();
        var placeholder = hub.Publish(Placeholder, isPlaceholder: true);

        Assert.Same(placeholder, await waiting.WaitAsync(Timeout));
    }

    [Fact]
    public async Task WaitForNewerCaptureAsync_CancelledWhileOnlyPlaceholdersArrive_Throws()
    {
        var hub = new FrameHub(new ManualTimeProvider());
        using var cts = new CancellationTokenSource();

        var waiting = hub.WaitForNewerCaptureAsync(0, cts.Token).AsTask();
        hub.Publish(Placeholder, isPlaceholder: true);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Timeout));
    }
}
