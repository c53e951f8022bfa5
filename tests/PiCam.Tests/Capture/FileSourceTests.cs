using PiCam.Tests.Support;
using System.Diagnostics;
using PiCam.Capture;
using PiCam.Streaming;

namespace PiCam.Tests.Capture;

[Collection(TimingSensitive.Name)]
public sealed class FileSourceTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task Run_FileWithGarbageBetweenFrames_ReplaysEveryFrameByteForByteInALoop()
    {
        var jpegs = Enumerable.Range(0, 3).Select(i => TestJpeg.Encode(64, 48, seed: i)).ToList();
        using (var file = File.Create(_path))
        {
            foreach (var jpeg in jpegs)
            {
                file.Write("garbage"u8);
                file.Write(jpeg);
            }
        }

        var hub = new FrameHub(TimeProvider.System);
        var source = new FileSource(_path, 200, TimeProvider.System);
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(hub, cts.Token);
        var seen = new List<(long Sequence, byte[] Jpeg)>();
        long last = 0;
        while (last < 7)
        {
            // A waiter may skip frames (the newest wins), so check each frame against its sequence number.
            var frame = await hub.WaitForNewerAsync(last, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            seen.Add((frame.Sequence, frame.Jpeg.ToArray()));
            last = frame.Sequence;
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(seen.Count >= 2);
        foreach (var (sequence, jpeg) in seen)
        {
            Assert.Equal(jpegs[(int)((sequence - 1) % 3)], jpeg);
        }
    }

    [Fact]
    public async Task Run_AtSixtyFramesASecond_NeverRunsFastOverTwoSeconds()
    {
        File.WriteAllBytes(_path, TestJpeg.Encode(32, 32, seed: 1));
        var hub = new FrameHub(TimeProvider.System);
        using var cts = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var run = new FileSource(_path, 60, TimeProvider.System).RunAsync(hub, cts.Token);
        await Task.Delay(2000);
        var published = hub.Latest!.Sequence;
        var elapsed = clock.Elapsed.TotalSeconds;
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // A timer that rounds 16.7 ms periods to 16 ms runs 4% fast (125 frames in 2 s); deadlines cannot.
        // Below the rate is allowed: on a starved machine the pacer skips rather than bursts.
        Assert.InRange(published, (long)(elapsed * 60 * 0.75), (long)(elapsed * 60) + 2);
    }
}
