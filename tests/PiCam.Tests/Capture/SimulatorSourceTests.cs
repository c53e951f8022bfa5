using PiCam.Capture.Simulator;
using PiCam.Streaming;
using Xunit;

namespace PiCam.Tests.Capture;

public sealed class SimulatorSourceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<List<Frame>> RunAsync(SimulatorSource source, int count)
    {
        var hub = new FrameHub(TimeProvider.System);
        using var cts = new CancellationTokenSource(Timeout);
        var running = source.RunAsync(hub, cts.Token);
        var frames = new List<Frame>();
        long last = 0;
        while (frames.Count < count)
        {
            var frame = await hub.WaitForNewerAsync(last, cts.Token);
            frames.Add(frame);
            last = frame.Sequence;
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        return frames;
    }

    [Fact]
    public async Task RunAsync_160x120At30Fps_PublishesDecodableFramesOfThatSizeThatDiffer()
    {
        var source = new SimulatorSource(160, 120, 30, 80, "Test cam", TimeProvider.System);

        var frames = await RunAsync(source, 4);

        var decoded = frames.Select(f => TestJpeg.Decode(f.Jpeg.Span)).ToList();
        Assert.All(decoded, d => Assert.Equal((160, 120), (d.Width, d.Height)));
        for (var i = 1; i < decoded.Count; i++)
        {
            Assert.False(decoded[i].Rgb.AsSpan().SequenceEqual(decoded[i - 1].Rgb), $"frame {i} looks the same as frame {i - 1}");
        }
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsPublishing()
    {
        var hub = new FrameHub(TimeProvider.System);
        var source = new SimulatorSource(64, 48, 30, 80, "cam", TimeProvider.System);
        using var cts = new CancellationTokenSource();
        var running = source.RunAsync(hub, cts.Token);
        await hub.WaitForNewerAsync(0, CancellationToken.None).AsTask().WaitAsync(Timeout);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Timeout));
        var sequence = hub.Latest!.Sequence;
        await Task.Delay(100);

        Assert.Equal(sequence, hub.Latest!.Sequence);
    }

    [Fact]
    public void Kind_IsSimulator()
    {
        Assert.Equal("simulator", new SimulatorSource(64, 48, 30, 80, "cam", TimeProvider.System).Kind);
    }

    [Fact]
    public void Render_Canvas_HasTheSceneSize()
    {
        var canvas = new SimulatorScene(160, 120, "cam").Render(1, DateTimeOffset.UnixEpoch);

        Assert.Equal((160, 120), (canvas.Width, canvas.Height));
        Assert.Equal(160 * 120 * 3, canvas.Pixels.Length);
    }

    [Fact]
    public void Render_ConsecutiveFrameNumbers_DrawDifferentPictures()
    {
        var scene = new SimulatorScene(160, 120, "cam");
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        var previous = scene.Render(1, now).Pixels.ToArray();
        for (var n = 2; n <= 300; n++)
        {
            var current = scene.Render(n, now).Pixels.ToArray();
            Assert.False(current.AsSpan().SequenceEqual(previous), $"frame {n} is the same picture as frame {n - 1}");
            previous = current;
        }
    }

    [Fact]
    public void Render_SameFrameNumberAndTime_DrawsTheSamePicture()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        var first = new SimulatorScene(160, 120, "cam").Render(42, now).Pixels.ToArray();
        var second = new SimulatorScene(160, 120, "cam").Render(42, now).Pixels.ToArray();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Render_DifferentTime_DrawsADifferentPicture()
    {
        var scene = new SimulatorScene(160, 120, "cam");
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

        var first = scene.Render(42, now).Pixels.ToArray();
        var later = scene.Render(42, now.AddSeconds(1)).Pixels.ToArray();

        Assert.NotEqual(first, later);
    }

    [Theory]
    [InlineData(32, 32)]
    [InlineData(33, 47)]
    [InlineData(4096, 32)]
    public void Render_SmallAndOddSizes_DoNotThrowAndEncode(int width, int height)
    {
        var canvas = new SimulatorScene(width, height, "A rather long camera name for a tiny picture").Render(123_456, DateTimeOffset.UnixEpoch);

        using var encoder = new PiCam.Capture.Jpeg.JpegEncoder(width, height);
        var decoded = TestJpeg.Decode(encoder.Encode(canvas.Pixels, 80));

        Assert.Equal((width, height), (decoded.Width, decoded.Height));
    }
}
