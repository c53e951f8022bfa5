using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Capture.H264;
using PiCam.Capture.Process;
using PiCam.Config;
using PiCam.Streaming;
using PiCam.Tests.Support;
using PiCam.WebRtc.Media;

namespace PiCam.Tests.Capture.H264;

/// <summary>
/// A camera that offers H.264 (a webcam's path; the Pi camera's is the same class), with ffmpeg as the
/// camera through commands like <c>command:</c>: real child processes, the real decoder, no browser.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CodecSwitchingSourceTests
{
    private static readonly PicamSettings Settings = new() { Width = 320, Height = 240, Framerate = 30, StallSeconds = 10 };

    private static readonly CameraCommands Commands = new(
        new ProcessCommand("ffmpeg", Words("-hide_banner -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=30 -q:v 5 -f mjpeg -"), "test camera, MJPEG"),
        new ProcessCommand("ffmpeg", Words("-hide_banner -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=30 -c:v libx264 -preset ultrafast -tune zerolatency "
            + "-profile:v baseline -bf 0 -g 30 -pix_fmt yuv420p -bsf:v dump_extra -f h264 -"), "test camera, H.264"));

    [Fact]
    public async Task Run_WhileWebRtcWatches_PassesTheCamerasH264ThroughAndDecodesMjpegThenSwitchesBack()
    {
        var time = TimeProvider.System;
        var frames = new FrameHub(time);
        var h264 = new H264Hub();
        var source = new CodecSwitchingSource("webcam", _ => Task.FromResult(Commands), false, h264, Settings, time, NullLogger.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var viewer = frames.AddDemand();
        var running = source.RunAsync(frames, stop.Token);

        var mjpeg = await frames.WaitForNewerCaptureAsync(0, stop.Token);
        Assert.False(h264.NativeActive);
        Assert.Equal("test camera, MJPEG", source.Description);
        Assert.True(source.SuppliesH264);

        var session = h264.AddDemand();
        using var encodersLease = frames.AddDemand(); // as H264Encoder holds while WebRTC watches
        var keyframe = await WaitForAsync(h264, u => u.IsKeyframe, stop.Token);
        Assert.True(h264.NativeActive);
        Assert.Equal("test camera, H.264 (passthrough)", h264.Encoder);
        Assert.Equal(0x67 & 0x1F, H264NalTypeOfFirst(keyframe.Data)); // SPS first: the IDR starts a stream on its own
        var before = frames.Latest!.Sequence;
        var decoded = await frames.WaitForNewerCaptureAsync(before, stop.Token);
        JpegAssert.Valid(decoded.Jpeg.ToArray(), 320, 240);
        var count = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var last = decoded.Sequence; clock.Elapsed < TimeSpan.FromSeconds(3); count++)
        {
            last = (await frames.WaitForNewerCaptureAsync(last, stop.Token)).Sequence;
        }

        // Every picture is decoded (30 a second when the machine is idle), not the keyframes alone (1 a second);
        // a loaded machine makes the decoder skip to the next keyframe now and then, so the bound is loose.
        Assert.True(count >= 10, $"MJPEG decoded from the H.264 came at {count / 3.0:0.#} frames a second");

        session.Dispose();
        while (h264.NativeActive && !stop.IsCancellationRequested)
        {
            await Task.Delay(50, stop.Token);
        }

        var back = await frames.WaitForNewerCaptureAsync(frames.Latest!.Sequence, stop.Token);
        JpegAssert.Valid(back.Jpeg.ToArray(), 320, 240);
        Assert.Equal("test camera, MJPEG", source.Description);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private static async Task<H264AccessUnit> WaitForAsync(H264Hub hub, Func<H264AccessUnit, bool> condition, CancellationToken token)
    {
        long after = 0;
        while (true)
        {
            var unit = await hub.WaitForNewerAsync(after, token);
            if (condition(unit))
            {
                return unit;
            }

            after = unit.Sequence;
        }
    }

    private static int H264NalTypeOfFirst(byte[] annexB) => annexB[annexB[2] == 1 ? 3 : 4] & 0x1F;

    private static string[] Words(string line) => line.Split(' ');
}
