using System.Diagnostics;
using System.Text.Json;
using PiCam.Tests.Support;

namespace PiCam.Tests.Integration;

/// <summary>
/// Real camera processes: ffmpeg as a camera through <c>command:</c>, and a stand-in <c>rpicam-vid</c> that
/// streams, fails or hangs on cue, through the whole path to HTTP viewers.
/// </summary>
[Trait("Category", "Integration")]
[Collection(TimingSensitive.Name)]
public sealed class CameraTests
{
    [Fact]
    public async Task Command_FfmpegTestSource_StreamsToViewersAtTheConfiguredSize()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["VIDEO_SOURCE"] = "command:ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc=size=320x240:rate=15 -q:v 5 -f mjpeg -",
        });
        using var client = server.CreateClient();
        var reader = await OpenStreamAsync(client);
        for (var i = 0; i < 5; i++)
        {
            JpegAssert.Valid((await reader.ReadPartAsync()).Body, 320, 240);
        }

        var source = (await Json.GetAsync(client, "status")).GetProperty("source");
        Assert.Equal("command", source.GetProperty("kind").GetString());
        Assert.True(source.GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task Command_ProgramThatDoesNotExist_ShowsNoCameraAndSaysWhy()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["VIDEO_SOURCE"] = "command:/nonexistent/camera --go" });
        using var client = server.CreateClient();
        var reader = await OpenStreamAsync(client);
        var part = await reader.ReadPartAsync();
        Assert.True(JpegPixels.IsNoCameraPicture(part.Body));
        JpegAssert.Valid(part.Body, 320, 240);
        var source = (await Json.GetAsync(client, "status")).GetProperty("source");
        Assert.False(source.GetProperty("online").GetBoolean());
        Assert.Contains("/nonexistent/camera could not be started", source.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rpicam-vid")]
    [InlineData("libcamera-vid")]
    public async Task PiCamera_Settings_BecomeExactlyTheseArgumentsAndThatResolution(string program)
    {
        using var camera = new StandInCamera(program);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["PATH"] = camera.SearchPath,
            ["VIDEO_SOURCE"] = "picamera",
            ["RESOLUTION"] = "640x360",
            ["FRAMERATE"] = "20",
            ["QUALITY"] = "70",
            ["CAMERA"] = "1",
            ["HDR"] = "1",
            ["ROTATION"] = "180",
            ["HFLIP"] = "1",
            ["VFLIP"] = "1",
        });
        using var client = server.CreateClient();
        var reader = await OpenStreamAsync(client);
        JpegAssert.Valid((await reader.ReadPartAsync()).Body, 640, 360);

        var start = Assert.Single(camera.Starts());
        Assert.Equal("--camera 1 -t 0 --codec mjpeg --width 640 --height 360 --framerate 20 --quality 70 -n --hdr --rotation 180 --hflip --vflip -o -", start.Arguments);
    }

    [Fact]
    public async Task PiCamera_HdrOff_IsNotPassedSoTheSensorsHdrStaysOff()
    {
        using var camera = new StandInCamera();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["PATH"] = camera.SearchPath, ["VIDEO_SOURCE"] = "picamera" });
        using var client = server.CreateClient();
        await (await OpenStreamAsync(client)).ReadPartAsync();
        Assert.DoesNotContain("--hdr", Assert.Single(camera.Starts()).Arguments, StringComparison.Ordinal);
        Assert.EndsWith("-n -o -", camera.Starts()[0].Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PiCamera_ThatKeepsFailing_IsRestartedWithGrowingBackoffWhileViewersSeeNoCamera()
    {
        using var camera = new StandInCamera();
        camera.Cue("exit");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["PATH"] = camera.SearchPath, ["VIDEO_SOURCE"] = "picamera" });
        using var client = server.CreateClient();
        var reader = await OpenStreamAsync(client);

        var placeholders = 0;
        var clock = Stopwatch.StartNew();
        while (camera.Starts().Count < 4 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var part = await reader.ReadPartAsync();
            Assert.True(JpegPixels.IsNoCameraPicture(part.Body), "a failing camera must show the NO CAMERA picture");
            placeholders++;
        }

        var starts = camera.Starts();
        Assert.True(starts.Count >= 4, $"only {starts.Count} starts in 20 s");
        var gaps = starts.Zip(starts.Skip(1), (a, b) => b.Time - a.Time).ToList();
        Assert.InRange(gaps[0], 0.75, 2.0);   // 1 s ± 20 %, plus the time to start
        Assert.InRange(gaps[1], 1.55, 3.2);   // 2 s
        Assert.InRange(gaps[2], 3.15, 5.6);   // 4 s
        Assert.True(placeholders >= 5, $"{placeholders} NO CAMERA frames in {clock.Elapsed.TotalSeconds:F0} s; expected about one a second");

        var source = (await Json.GetAsync(client, "status")).GetProperty("source");
        Assert.False(source.GetProperty("online").GetBoolean());
        Assert.Contains("no cameras available", source.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(source.GetProperty("restarts").GetInt32() >= 3);
    }

    [Fact]
    public async Task PiCamera_KilledMidStream_ShowsNoCameraWithinStallSecondsAndResumesOnItsOwn()
    {
        using var camera = new StandInCamera();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["PATH"] = camera.SearchPath,
            ["VIDEO_SOURCE"] = "picamera",
            ["RESOLUTION"] = "320x240",
            ["STALL_SECONDS"] = "2",
        });
        using var client = server.CreateClient();
        var reader = await OpenStreamAsync(client);
        Assert.False(JpegPixels.IsNoCameraPicture((await reader.ReadPartAsync()).Body));

        Process.GetProcessById(camera.Starts()[0].Pid).Kill();
        var killedAt = Stopwatch.StartNew();
        await ReadUntilAsync(reader, part => JpegPixels.IsNoCameraPicture(part.Body), TimeSpan.FromSeconds(10));
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(2 + 1), $"NO CAMERA took {killedAt.Elapsed.TotalSeconds:F1} s");

        await ReadUntilAsync(reader, part => !JpegPixels.IsNoCameraPicture(part.Body), TimeSpan.FromSeconds(10));
        Assert.Equal(2, camera.Starts().Count);
        var status = await Json.WaitForStatusAsync(client, s => s.GetProperty("source").GetProperty("online").GetBoolean(), TimeSpan.FromSeconds(5));
        Assert.True(status.GetProperty("source").GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task PiCamera_ThatHangsAfterOneFrame_IsStoppedAfterStallSecondsAndRestarted()
    {
        using var camera = new StandInCamera();
        camera.Cue("hang");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["PATH"] = camera.SearchPath,
            ["VIDEO_SOURCE"] = "picamera",
            ["STALL_SECONDS"] = "2",
        });
        using var client = server.CreateClient();
        var reader = await OpenStreamAsync(client);
        Assert.False(JpegPixels.IsNoCameraPicture((await reader.ReadPartAsync()).Body));
        var hungPid = camera.Starts()[0].Pid;

        await ReadUntilAsync(reader, part => JpegPixels.IsNoCameraPicture(part.Body), TimeSpan.FromSeconds(10));
        var source = (await Json.GetAsync(client, "status")).GetProperty("source");
        Assert.Contains("sent no frame for 2 s", source.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(StandInCamera.IsRunning(hungPid), "the hung camera process was left running");

        camera.Cue("stream");
        await ReadUntilAsync(reader, part => !JpegPixels.IsNoCameraPicture(part.Body), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Camera_RunsOnlyWhileWatched_StartingForTheFirstViewerAndStoppingIdleSecondsAfterTheLast()
    {
        using var camera = new StandInCamera();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["PATH"] = camera.SearchPath,
            ["VIDEO_SOURCE"] = "picamera",
            ["IDLE_SECONDS"] = "2",
        });
        using var client = server.CreateClient();
        await Task.Delay(1000);
        Assert.Empty(camera.Starts());

        int pid;
        using (var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead))
        {
            await new MultipartReader(await response.Content.ReadAsStreamAsync()).ReadPartAsync();
            pid = Assert.Single(camera.Starts()).Pid;
            Assert.True(StandInCamera.IsRunning(pid));
        }

        await Task.Delay(1000);
        Assert.True(StandInCamera.IsRunning(pid), "the camera stopped before IDLE_SECONDS");
        var clock = Stopwatch.StartNew();
        while (StandInCamera.IsRunning(pid) && clock.Elapsed < TimeSpan.FromSeconds(8))
        {
            await Task.Delay(100);
        }

        Assert.False(StandInCamera.IsRunning(pid), "the camera kept running with nobody watching");
        Assert.Single(camera.Starts());
    }

    [Fact]
    public async Task Simulator_SlowerThanItsFrameRate_StillStopsIdleSecondsAfterTheLastViewerLeaves()
    {
        // Issue 8 item 4: no machine renders and encodes 4096x2160 at 120 fps, and such a source never stopped.
        const int idleSeconds = 2;
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["VIDEO_SOURCE"] = "simulator",
            ["RESOLUTION"] = "4096x2160",
            ["FRAMERATE"] = "120",
            ["IDLE_SECONDS"] = idleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = server.CreateClient();
        using (var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead))
        {
            var reader = new MultipartReader(await response.Content.ReadAsStreamAsync());
            JpegAssert.Valid((await reader.ReadPartAsync()).Body, 4096, 2160);
            await reader.ReadPartAsync();
            Assert.True((await Json.GetAsync(client, "status")).GetProperty("source").GetProperty("running").GetBoolean());
        }

        var left = await Json.WaitForStatusAsync(client, s => s.GetProperty("clients").GetInt32() == 0, TimeSpan.FromSeconds(10));
        Assert.Equal(0, left.GetProperty("clients").GetInt32());
        var leftAt = Stopwatch.StartNew();
        var stopped = await Json.WaitForStatusAsync(client, s => !s.GetProperty("source").GetProperty("running").GetBoolean(), TimeSpan.FromSeconds(idleSeconds + 10));

        Assert.False(stopped.GetProperty("source").GetProperty("running").GetBoolean(), $"the simulator kept running with nobody watching:\n{server.Output}");
        Assert.True(leftAt.Elapsed < TimeSpan.FromSeconds(idleSeconds + 1), $"the simulator stopped {leftAt.Elapsed.TotalSeconds:F1} s after the last viewer left");
        Assert.True(await server.WaitForOutputAsync("Stopped the simulator source", TimeSpan.FromSeconds(5)), server.Output);
    }

    [Fact]
    public async Task Auto_WithAPiCameraListed_ChoosesThePiCamera()
    {
        using var camera = new StandInCamera();
        camera.ListCameras("Available cameras\n-----------------\n0 : imx708 [4608x2592 10-bit RGGB] (/base/soc/i2c0mux/i2c@1/imx708@1a)\n    Modes: 'SRGGB10_CSI2P' : 1536x864 [120.13 fps - (768, 432)/3072x1728 crop]\n");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["PATH"] = camera.SearchPath, ["VIDEO_SOURCE"] = "auto" });
        using var client = server.CreateClient();
        JpegAssert.Valid((await (await OpenStreamAsync(client)).ReadPartAsync()).Body, 320, 240);

        Assert.Single(camera.Starts());
        var status = await Json.GetAsync(client, "status");
        Assert.Equal("auto", status.GetProperty("source").GetProperty("kind").GetString());
        Assert.Contains("Pi camera 0", status.GetProperty("source").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("no camera found", status.GetProperty("config_problems").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_WithNoCameraAnywhere_FallsBackToTheSimulatorWithAProblem()
    {
        using var camera = new StandInCamera();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["PATH"] = camera.SearchPath, ["VIDEO_SOURCE"] = "auto" });
        using var client = server.CreateClient();
        var part = await (await OpenStreamAsync(client)).ReadPartAsync();
        Assert.False(JpegPixels.IsNoCameraPicture(part.Body));

        Assert.Empty(camera.Starts());
        var status = await Json.GetAsync(client, "status");
        Assert.Contains("built-in simulator", status.GetProperty("source").GetProperty("description").GetString(), StringComparison.Ordinal);
        var problem = Assert.Single(status.GetProperty("config_problems").EnumerateArray(), p => p.GetProperty("key").GetString() == "VIDEO_SOURCE");
        Assert.Contains("no camera found", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_WhileTheCameraIsDown_Is503NotTheNoCameraPicture()
    {
        using var camera = new StandInCamera();
        camera.Cue("exit");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["PATH"] = camera.SearchPath, ["VIDEO_SOURCE"] = "picamera" });
        using var client = server.CreateClient();
        using var response = await client.GetAsync("current.jpg");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    private static async Task<MultipartReader> OpenStreamAsync(HttpClient client)
    {
        var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new MultipartReader(await response.Content.ReadAsStreamAsync());
    }

    private static async Task ReadUntilAsync(MultipartReader reader, Func<MultipartReader.Part, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition(await reader.ReadPartAsync(cts.Token)))
        {
        }
    }
}
