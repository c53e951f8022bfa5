using System.Diagnostics;
using System.Text.Json.Nodes;
using PiCam.Tests.Support;

namespace PiCam.Tests.WebRtc.Whep;

/// <summary>
/// H.264 from every kind of source reaches headless Chromium (in a network namespace, as in
/// <see cref="WhepBrowserTests"/>, which covers the simulator): the Pi camera's own H.264 (a stand-in
/// <c>rpicam-vid</c> on <c>PATH</c>) passed through while an MJPEG viewer of the same camera keeps getting
/// frames decoded from it, and a <c>command:</c> and a <c>file:</c> source through the derived encoder.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WhepSourcesTests
{
    [NetnsFact]
    public async Task Whep_PiCameraStandIn_PassesItsH264ThroughWhileAnMjpegViewerKeepsGettingFrames()
    {
        using var camera = new StandInCamera();
        using var veth = VethNamespace.Create();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["PATH"] = camera.SearchPath,
            ["VIDEO_SOURCE"] = "picamera",
            ["BIND"] = veth.InsideAddress,
            ["WEBRTC_PORT"] = "8189",
            ["RESOLUTION"] = "640x360",
            ["FRAMERATE"] = "30",
        }, inNamespace: veth.Name);
        using var client = server.CreateClient();
        var mjpeg = await MjpegViewer.OpenAsync(client);
        Assert.True(await mjpeg.WaitForFramesAsync(10, PicamBinary.Scaled(TimeSpan.FromSeconds(20))), $"no MJPEG before WebRTC\n{server.Output}");
        Assert.Contains("--codec mjpeg", Assert.Single(camera.Starts()).Arguments, StringComparison.Ordinal);

        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(server.BaseUri, "healthz"));
        Assert.True(await browser.WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(20)));
        var joinedAt = mjpeg.Elapsed;
        var connected = (await browser.EvaluateAsync(WhepBrowserTests.Connect))?.GetValue<string>();
        Assert.StartsWith("201 /whep/", connected, StringComparison.Ordinal);
        Assert.True(await browser.WaitUntilAsync("window.firstFrameAt !== undefined", PicamBinary.Scaled(TimeSpan.FromSeconds(20))), $"Chromium decoded no frame.\n{server.Output}");
        var joinMs = (await browser.EvaluateAsync("window.firstFrameAt - window.answeredAt"))!.GetValue<double>();

        var first = await WhepBrowserTests.StatsAsync(browser);
        var mjpegBefore = mjpeg.Count;
        var decoder = ChildProcesses.Find(server.ProcessId, "pipe:0"); // ffmpeg turning the camera's H.264 into MJPEG
        var (decoderBefore, picamBefore, clock) = (ChildProcesses.CpuTicks(decoder), ChildProcesses.CpuTicks(server.ProcessId), Stopwatch.StartNew());
        await Task.Delay(PicamBinary.Scaled(TimeSpan.FromSeconds(3))); // a slower emulated picam gets a longer look
        var second = await WhepBrowserTests.StatsAsync(browser);
        var mjpegDuring = mjpeg.Count - mjpegBefore;
        var decoderCpu = (ChildProcesses.CpuTicks(decoder) - decoderBefore) / 100.0 / clock.Elapsed.TotalSeconds;
        var picamCpu = (ChildProcesses.CpuTicks(server.ProcessId) - picamBefore) / 100.0 / clock.Elapsed.TotalSeconds;
        Assert.True(decoder != 0, "no MJPEG decoder ran beside the H.264 camera");
        Assert.True(second.FramesDecoded > first.FramesDecoded + 10, $"framesDecoded went from {first.FramesDecoded} to {second.FramesDecoded} in {PicamBinary.Scaled(TimeSpan.FromSeconds(3)).TotalSeconds} s");
        Assert.Equal(0, second.PacketsLost);
        Assert.Equal(640, second.Width);
        Assert.True(mjpegDuring > 10, $"the MJPEG viewer got {mjpegDuring} frames in 3 s beside WebRTC\n{server.Output}");
        JpegAssert.Valid(mjpeg.Latest!, 640, 360);

        var h264Start = camera.Starts()[^1].Arguments;
        foreach (var option in new[] { "--codec h264", "--inline", "--flush", "--intra 30", "--profile baseline" })
        {
            Assert.Contains(option, h264Start, StringComparison.Ordinal);
        }

        Assert.Equal(2, camera.Starts().Count);
        Assert.Equal(1, Running(camera)); // one owner of the camera at any time
        var status = JsonNode.Parse(await client.GetStringAsync("status"))!;
        Assert.Contains("passthrough", status["webrtc"]!["encoder"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, status["clients"]!.GetValue<int>());
        var switchGap = mjpeg.LongestGapAfter(joinedAt);

        // Only WebRTC watches: the decoder gets keyframes alone, a picture a second for /current.jpg and the watchdog.
        mjpeg.Dispose();
        var fps = await WaitForFpsAsync(client, f => f <= 3, PicamBinary.Scaled(TimeSpan.FromSeconds(10)));
        Assert.True(fps <= 3, $"with only WebRTC watching, MJPEG was still decoded at {fps:0.#} fps");
        Assert.True(await WaitForFpsAsync(client, f => f > 0, TimeSpan.FromSeconds(5)) > 0, "no MJPEG picture at all with only WebRTC watching");
        var alone = await WhepBrowserTests.StatsAsync(browser);
        Assert.True(alone.FramesDecoded > second.FramesDecoded + 10, "WebRTC stalled while the decoder idled");

        // An MJPEG viewer comes back: full motion again, from the next keyframe.
        using var again = await MjpegViewer.OpenAsync(client);
        Assert.True(await again.WaitForFramesAsync(30, PicamBinary.Scaled(TimeSpan.FromSeconds(5))), $"a returning MJPEG viewer got {again.Count} frames in 5 s");
        mjpeg = again;

        // The last WebRTC viewer leaves: the camera goes back to MJPEG, and the MJPEG viewer carries on.
        var leftAt = mjpeg.Elapsed;
        using var deleted = await client.DeleteAsync(connected!["201 /".Length..]);
        var deadline = DateTime.UtcNow + PicamBinary.Scaled(TimeSpan.FromSeconds(15));
        while (camera.Starts().Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains("--codec mjpeg", camera.Starts()[^1].Arguments, StringComparison.Ordinal);
        var back = mjpeg.Count;
        Assert.True(await mjpeg.WaitForFramesAsync(back + 10, PicamBinary.Scaled(TimeSpan.FromSeconds(10))), $"MJPEG stopped after WebRTC left\n{server.Output}");
        var backGap = mjpeg.LongestGapAfter(leftAt);
        Console.WriteLine($"Pi camera H.264 passthrough: first WebRTC frame {joinMs:0} ms after the answer; {second.FramesDecoded} frames decoded, 0 lost; "
            + $"MJPEG beside it {mjpegDuring / 3.0:0} fps; longest MJPEG gap: {switchGap:0} ms switching to H.264, {backGap:0} ms switching back; "
            + $"CPU of one core: ffmpeg H.264 to MJPEG {decoderCpu:P0}, picam (splitting, SRTP, MJPEG) {picamCpu:P0}");
        Assert.True(switchGap < PicamBinary.Scaled(TimeSpan.FromSeconds(3)).TotalMilliseconds, $"the MJPEG viewer saw nothing for {switchGap:0} ms while the camera switched to H.264");
    }

    [NetnsFact]
    public async Task Whep_PiCameraWhoseH264Fails_FallsBackToH264EncodedFromItsMjpeg()
    {
        using var camera = new StandInCamera();
        camera.Cue("h264-exit");
        await DecodesInChromiumAsync(new() { ["PATH"] = camera.SearchPath, ["VIDEO_SOURCE"] = "picamera" }, TimeSpan.FromSeconds(2), async server =>
        {
            var starts = camera.Starts();
            Assert.Equal(["h264", "h264", "mjpeg"], starts.Take(3).Select(s => s.Arguments.Contains("--codec h264", StringComparison.Ordinal) ? "h264" : "mjpeg"));
            Assert.DoesNotContain(starts.Skip(3), s => s.Arguments.Contains("--codec h264", StringComparison.Ordinal)); // given up on, as the log says
            using var client = server.CreateClient();
            var status = JsonNode.Parse(await client.GetStringAsync("status"))!;
            Assert.Equal("libx264 (from the MJPEG)", status["webrtc"]!["encoder"]!.GetValue<string>());
            Assert.Contains("Unable to set the H.264 encoder's profile", server.Output, StringComparison.Ordinal);
        });
    }

    [NetnsFact]
    public Task Whep_CommandSourceOfFfmpeg_DecodesInChromiumThroughTheDerivedEncoder() =>
        DecodesAsync("command:ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc=size=640x360:rate=30 -q:v 5 -f mjpeg -", "command");

    [NetnsFact]
    public async Task Whep_FileSource_DecodesInChromiumThroughTheDerivedEncoder()
    {
        using var dir = new TempDirectory();
        var clip = dir.File("clip.mjpg");
        using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30", "-frames:v", "60", "-q:v", "5", "-f", "mjpeg", clip]))!)
        {
            await ffmpeg.WaitForExitAsync();
            Assert.Equal(0, ffmpeg.ExitCode);
        }

        await DecodesAsync($"file:{clip}", "file");
    }

    private static Task DecodesAsync(string source, string kind) =>
        DecodesInChromiumAsync(new() { ["VIDEO_SOURCE"] = source }, TimeSpan.FromSeconds(3), async server =>
        {
            using var client = server.CreateClient();
            var status = JsonNode.Parse(await client.GetStringAsync("status"))!;
            Assert.Equal(kind, status["source"]!["kind"]!.GetValue<string>());
            Assert.Equal("libx264 (from the MJPEG)", status["webrtc"]!["encoder"]!.GetValue<string>());
        });

    /// <summary>
    /// Starts picam with <paramref name="settings"/> (and WebRTC at 640x360, bound inside a network namespace),
    /// connects headless Chromium over WHEP and checks that it keeps decoding 640-wide pictures without loss
    /// for <paramref name="look"/> (longer for an emulated picam); then hands the running server to <paramref name="then"/>.
    /// </summary>
    private static async Task DecodesInChromiumAsync(Dictionary<string, string> settings, TimeSpan look, Func<ServerProcess, Task> then)
    {
        using var veth = VethNamespace.Create();
        settings["BIND"] = veth.InsideAddress;
        settings["WEBRTC_PORT"] = "8189";
        settings["RESOLUTION"] = "640x360";
        await using var server = await ServerProcess.StartAsync(settings, inNamespace: veth.Name);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(server.BaseUri, "healthz"));
        Assert.True(await browser.WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(20)));
        Assert.StartsWith("201 /whep/", (await browser.EvaluateAsync(WhepBrowserTests.Connect))?.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await browser.WaitUntilAsync("window.firstFrameAt !== undefined", PicamBinary.Scaled(TimeSpan.FromSeconds(20))), $"Chromium decoded no frame.\n{server.Output}");
        var first = await WhepBrowserTests.StatsAsync(browser);
        await Task.Delay(PicamBinary.Scaled(look)); // a slower emulated picam gets a longer look
        var second = await WhepBrowserTests.StatsAsync(browser);

        Assert.True(second.FramesDecoded > first.FramesDecoded + 10, $"framesDecoded went from {first.FramesDecoded} to {second.FramesDecoded} in {PicamBinary.Scaled(look).TotalSeconds} s");
        Assert.Equal(0, second.PacketsLost);
        Assert.Equal(640, second.Width);
        await then(server);
    }

    /// <summary>Polls <c>/status</c>'s <c>source.fps</c> until it satisfies <paramref name="until"/> or time runs out; returns the last value.</summary>
    private static async Task<double> WaitForFpsAsync(HttpClient client, Func<double, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var fps = JsonNode.Parse(await client.GetStringAsync("status"))!["source"]!["fps"]!.GetValue<double>();
            if (until(fps) || DateTime.UtcNow > deadline)
            {
                return fps;
            }

            await Task.Delay(200);
        }
    }

    private static int Running(StandInCamera camera) => camera.Starts().Count(s => StandInCamera.IsRunning(s.Pid));
}
