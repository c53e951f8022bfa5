using System.Diagnostics;
using PiCam.Tests.Support;

namespace PiCam.Tests.Integration;

/// <summary>
/// Issue 9: cameras that misbehave on purpose. Endless stderr, random bytes instead of JPEGs, a flood of
/// frames, a shell loop with children at shutdown, a password in the camera's URL, a last word written on
/// the way out. Each runs as a real child process behind the real server.
/// </summary>
[Trait("Category", "Integration")]
[Collection(TimingSensitive.Name)]
public sealed class HostileCameraTests
{
    [Theory]
    [InlineData("")]
    [InlineData("trap '' TERM")] // deaf to SIGTERM, and so are its children: SIGKILL after the grace
    public async Task Sigterm_WithAShellLoopCamera_StopsTheCameraAndItsChildrenBeforePicamExits(string prologue)
    {
        using var camera = new CameraScript($"{prologue}\necho $$ > pid\nwhile true; do cat frame.jpg; sleep 30; done");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["VIDEO_SOURCE"] = camera.VideoSource,
            ["KEEP_CAMERA_ON"] = "1",
        });
        var camerasProcesses = await WaitForAsync(() => CameraScript.Descendants(server.ProcessId) is { Count: >= 2 } d ? d : null, TimeSpan.FromSeconds(15));
        Assert.NotNull(camerasProcesses); // the script and its sleep

        server.Signal(ServerProcess.SIGTERM);
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(8)), "picam did not exit after SIGTERM");
        var left = await WaitForAsync(() => camerasProcesses.Where(StandInCamera.IsRunning).ToList() is { Count: > 0 } running ? running : null, TimeSpan.FromSeconds(3), untilNull: true);
        foreach (var pid in left ?? [])
        {
            Process.GetProcessById(pid).Kill(); // do not leave them to the next test
        }

        Assert.True(left is null, $"still running after picam exited: {string.Join(", ", left ?? [])} (camera script pid {camera.Read("pid")})");
        Assert.Equal(0, server.ExitCode);
    }

    [Fact]
    public async Task Stderr_HugeLinesWithoutANewline_KeepMemoryFlatAndTheErrorShort()
    {
        // 48 MiB of stderr in 1 MiB writes with no newline (as ffmpeg's progress line, but without even a \r),
        // then progress lines ended by \r only, then the real error, then exit.
        using var camera = new CameraScript("""
            exec python3 -c '
            import sys
            chunk = "x" * 1048576
            for _ in range(48):
                sys.stderr.write(chunk)
            sys.stderr.write("\nframe=1 fps=0\rframe=2 fps=0\rCould not open the camera: no such device\r")
            sys.stderr.flush()
            sys.exit(3)
            '
            """);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["VIDEO_SOURCE"] = camera.VideoSource,
            ["VERBOSE"] = "1",
        });
        var before = CameraScript.Memory(server.ProcessId).Rss;
        using var client = server.CreateClient();
        using var stream = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        var status = await Json.WaitForStatusAsync(client, s => s.GetProperty("source").GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.String, TimeSpan.FromSeconds(30));

        var error = status.GetProperty("source").GetProperty("error").GetString()!;
        Assert.EndsWith("Could not open the camera: no such device", error, StringComparison.Ordinal);
        Assert.True(error.Length < 1024, $"the error is {error.Length} characters long");
        var longestLine = server.Output.Split('\n').Max(line => line.Length);
        Assert.True(longestLine < 2048, $"a log line of {longestLine} characters");
        var peak = CameraScript.Memory(server.ProcessId).Peak;
        Assert.True(peak - before < 40L << 20, $"picam's peak RSS grew by {(peak - before) >> 20} MiB reading 48 MiB of stderr");
    }

    [Fact]
    public async Task Exit_ErrorWrittenJustAfterTheCamerasStdoutCloses_IsTheLastLineInTheError()
    {
        // The camera closes stdout and exits; something it started writes the real reason to stderr a moment
        // later. The error must wait for stderr to end, not race it.
        using var camera = new CameraScript("echo 'starting up' >&2\n(sleep 0.4; echo 'ERROR: sensor timed out' >&2) >/dev/null &\nexit 1");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["VIDEO_SOURCE"] = camera.VideoSource });
        using var client = server.CreateClient();
        using var stream = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        var status = await Json.WaitForStatusAsync(client, s => s.GetProperty("source").GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.String, TimeSpan.FromSeconds(20));
        Assert.Equal("camera.sh exited with code 1: ERROR: sensor timed out", status.GetProperty("source").GetProperty("error").GetString());
    }

    [Fact]
    public async Task Camera_WritingJpegMarkersThatAreNoImage_NeverPublishesAFrameOrShowsOnline()
    {
        // What random bytes (/dev/urandom) contain by chance: SOI..EOI with no frame header, an SOS without
        // an SOF, a frame header of 0x0 pixels. None of them is a picture.
        using var camera = new CameraScript("""
            while true; do
              printf '\377\330\377\331'
              printf '\377\330\377\340\000\004ab\377\331'
              printf '\377\330\377\332\000\010\001\001\000\000\077\000junk\377\331'
              printf '\377\330\377\300\000\013\010\000\000\000\000\001\001\021\000\377\332\000\010\001\001\000\000\077\000junk\377\331'
              sleep 0.05
            done
            """);
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["VIDEO_SOURCE"] = camera.VideoSource,
            ["STALL_SECONDS"] = "2",
        });
        using var client = server.CreateClient();
        using var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        var reader = new MultipartReader(await response.Content.ReadAsStreamAsync());
        var parts = new List<byte[]>();
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            while (true)
            {
                var body = (await reader.ReadPartAsync(stop.Token)).Body;
                lock (parts)
                {
                    parts.Add(body);
                }
            }
        });

        var clock = Stopwatch.StartNew();
        var sawError = false;
        while (clock.Elapsed < TimeSpan.FromSeconds(7))
        {
            var source = (await Json.GetAsync(client, "status")).GetProperty("source");
            Assert.Equal(0, source.GetProperty("frames_total").GetInt64());
            sawError |= source.GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.String;
            Assert.False(sawError && source.GetProperty("online").GetBoolean(), "the camera showed online after failing, without a single real frame");
            await Task.Delay(200);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => reading);
        lock (parts)
        {
            Assert.NotEmpty(parts);
            Assert.All(parts, body => Assert.True(body.Length > 100 && JpegPixels.IsNoCameraPicture(body), $"a viewer was sent a {body.Length}-byte \"frame\" that is not a picture"));
        }

        var error = (await Json.GetAsync(client, "status")).GetProperty("source").GetProperty("error").GetString();
        Assert.Contains("not MJPEG", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_CameraFasterThanFramerate_ViewersGetAtMostFramerate()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            // No -re: ffmpeg writes as fast as it can encode, hundreds of frames a second.
            ["VIDEO_SOURCE"] = "command:ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc=size=160x120:rate=1000 -q:v 9 -f mjpeg -",
            ["FRAMERATE"] = "5",
        });
        using var client = server.CreateClient();
        using var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        var reader = new MultipartReader(await response.Content.ReadAsStreamAsync());
        await reader.ReadPartAsync(); // the camera is up
        var clock = Stopwatch.StartNew();
        var frames = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(4))
        {
            JpegAssert.Valid((await reader.ReadPartAsync()).Body, 160, 120);
            frames++;
        }

        var rate = frames / clock.Elapsed.TotalSeconds;
        Assert.True(rate <= 5 * 1.25, $"a viewer got {rate:F1} fps with FRAMERATE=5");
        Assert.True(rate >= 2, $"a viewer got only {rate:F1} fps with FRAMERATE=5");
        var fps = (await Json.GetAsync(client, "status")).GetProperty("source").GetProperty("fps").GetDouble();
        Assert.True(fps <= 5 * 1.25, $"/status says {fps:F1} fps published with FRAMERATE=5");
    }

    [Fact]
    public async Task RtspPassword_InTheCommand_IsRedactedInTheLogStatusAndNoCameraPicture()
    {
        // Nothing listens on port 1: ffmpeg fails, and names the URL (with the password) in its error.
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["VIDEO_SOURCE"] = "command:ffmpeg -hide_banner -rtsp_transport tcp -i rtsp://admin:hunter2@127.0.0.1:1/stream -f mjpeg -",
            ["VERBOSE"] = "1",
        });
        using var client = server.CreateClient();
        using var response = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        var reader = new MultipartReader(await response.Content.ReadAsStreamAsync());
        byte[] picture;
        do
        {
            picture = (await reader.ReadPartAsync()).Body;
        }
        while (!JpegPixels.IsNoCameraPicture(picture));

        var error = (await Json.GetAsync(client, "status")).GetProperty("source").GetProperty("error").GetString()!;
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.Contains("rtsp://***@127.0.0.1:1/stream", error, StringComparison.Ordinal);

        Assert.True(await server.WaitForOutputAsync("Camera down", TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain("hunter2", server.Output, StringComparison.Ordinal);
        Assert.Contains("rtsp://***@127.0.0.1:1/stream", server.Output, StringComparison.Ordinal);

        // The picture: closer to the redacted text drawn here than to the same text with the password.
        using var drawn = new PiCam.Capture.Simulator.NoCameraPicture(320, 240, 80);
        var redacted = JpegPixels.Decode(drawn.Render(error, TimeSpan.FromSeconds(1)).ToArray()).Rgb;
        var leaked = JpegPixels.Decode(drawn.Render(error.Replace("***@", "admin:hunter2@", StringComparison.Ordinal), TimeSpan.FromSeconds(1)).ToArray()).Rgb;
        var served = JpegPixels.Decode(picture).Rgb;
        Assert.True(Distance(served, redacted) < Distance(served, leaked), "the NO CAMERA picture shows the password");
    }

    private static long Distance(byte[] a, byte[] b)
    {
        var sum = 0L;
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return sum;
    }

    private static async Task<T?> WaitForAsync<T>(Func<T?> probe, TimeSpan timeout, bool untilNull = false)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        T? value;
        while (((value = probe()) is null) != untilNull && clock.Elapsed < timeout)
        {
            await Task.Delay(100);
        }

        return value;
    }
}
