using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PiCam.Tests.Support;

namespace PiCam.Tests.Integration;

/// <summary>Starting, stopping, bad configuration, the command line and systemd, against the real process.</summary>
[Trait("Category", "Integration")]
public sealed class LifecycleTests
{
    [Theory]
    [InlineData(ServerProcess.SIGTERM)]
    [InlineData(ServerProcess.SIGINT)]
    public async Task Signal_WithAStreamOpen_EndsTheStreamAndExitsZeroWithin2Seconds(int signal)
    {
        await using var server = await ServerProcess.StartAsync();
        using var client = server.CreateClient();
        using var stream = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead);
        await new MultipartReader(await stream.Content.ReadAsStreamAsync()).ReadPartAsync();

        var clock = Stopwatch.StartNew();
        server.Signal(signal);
        Assert.True(await server.WaitForExitAsync(PicamBinary.Scaled(TimeSpan.FromSeconds(5))), $"the server did not exit within 5 s of the signal\n{server.Output}");
        // Under emulation everything, shutting down included, takes PicamBinary.Slowdown times longer.
        var limit = PicamBinary.Scaled(TimeSpan.FromSeconds(2));
        Assert.True(clock.Elapsed < limit, $"exit took {clock.Elapsed.TotalMilliseconds:F0} ms, more than {limit.TotalMilliseconds:F0} ms");
        Assert.Equal(0, server.ExitCode);
    }

    [Fact]
    public async Task Start_OnAPortInUse_ExitsNonZeroWithAClearMessage()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var server = await ServerProcess.StartAsync(port: port, waitUntilReady: false);
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(20)), "the server kept running without its port");
        Assert.NotEqual(0, server.ExitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAMalformedEnvFile_StillServesAndListsEveryProblem()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("picam.env", "PORT=abc\nRESOLUTON=640x480\nRESOLUTION=wide\nFRAMERATE=0\nthis is not a setting\nNAME=Typo Cam\n");
        await using var server = await ServerProcess.StartAsync(configFile: config);
        using var client = server.CreateClient();

        var status = await Json.GetAsync(client, "status");
        Assert.Equal("Typo Cam", status.GetProperty("name").GetString());
        Assert.Equal("320x240", status.GetProperty("resolution").GetString()); // the environment (set by the harness) beats the file
        var problems = status.GetProperty("config_problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("key").GetString()}: {p.GetProperty("message").GetString()}").ToList();
        Assert.Contains(problems, p => p.StartsWith("RESOLUTON: ", StringComparison.Ordinal) && p.Contains("did you mean RESOLUTION?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("FRAMERATE: '0'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("line 5", StringComparison.Ordinal));
        Assert.Contains("Configuration problem: FRAMERATE", server.Output, StringComparison.Ordinal);
        using var snapshot = await client.GetAsync("current.jpg");
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
    }

    [Theory]
    [InlineData("--help", 0, "Usage: picam")]
    [InlineData("--version", 0, "picam ")]
    [InlineData("--bogus", 2, "unknown option '--bogus'")]
    public async Task CommandLine_InformationalAndBadFlags_PrintAndExitWithoutServing(string flag, int exitCode, string expected)
    {
        await using var server = await ServerProcess.StartAsync(extraArgs: [flag], waitUntilReady: false);
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(exitCode, server.ExitCode);
        Assert.True(await server.WaitForOutputAsync(expected, TimeSpan.FromSeconds(2)), server.Output);
    }

    [Fact]
    public async Task TwoInstances_OnDifferentPorts_RunSideBySideWithTheirOwnNames()
    {
        await using var one = await ServerProcess.StartAsync(extraArgs: ["--name", "Front"]);
        await using var two = await ServerProcess.StartAsync(extraArgs: ["--name", "Back"]);
        using var clientOne = one.CreateClient();
        using var clientTwo = two.CreateClient();
        Assert.Equal("Front", (await Json.GetAsync(clientOne, "status")).GetProperty("name").GetString());
        Assert.Equal("Back", (await Json.GetAsync(clientTwo, "status")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Source_WithNobodyWatching_CapturesNothingAndUsesNoCpu()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["IDLE_SECONDS"] = "0", ["RESOLUTION"] = "1280x720" });
        using var client = server.CreateClient();
        // Start-up work (the JIT's tier-up in the JIT pass, delayed on a loaded machine) may spill into one
        // window; a source that captures while nobody watches burns CPU in every window.
        await Task.Delay(500);
        var quietest = TimeSpan.MaxValue;
        for (var window = 0; window < 3 && quietest >= TimeSpan.FromMilliseconds(150); window++)
        {
            var before = server.CpuTime();
            await Task.Delay(2000);
            var used = server.CpuTime() - before;
            quietest = used < quietest ? used : quietest;
        }

        Assert.True(quietest < TimeSpan.FromMilliseconds(150), $"idle server used at least {quietest.TotalMilliseconds} ms of CPU in every 2 s window");
        var status = await Json.GetAsync(client, "status");
        Assert.False(status.GetProperty("source").GetProperty("running").GetBoolean());
        Assert.Equal(0, status.GetProperty("source").GetProperty("frames_total").GetInt64());

        using (var stream = await client.GetAsync("stream.mjpg", HttpCompletionOption.ResponseHeadersRead))
        {
            await new MultipartReader(await stream.Content.ReadAsStreamAsync()).ReadPartAsync();
            Assert.True((await Json.GetAsync(client, "status")).GetProperty("source").GetProperty("running").GetBoolean());
        }

        status = await Json.WaitForStatusAsync(client, s => !s.GetProperty("source").GetProperty("running").GetBoolean(), TimeSpan.FromSeconds(5));
        Assert.False(status.GetProperty("source").GetProperty("running").GetBoolean());
        var framesAfterStop = status.GetProperty("source").GetProperty("frames_total").GetInt64();
        await Task.Delay(500);
        Assert.Equal(framesAfterStop, (await Json.GetAsync(client, "status")).GetProperty("source").GetProperty("frames_total").GetInt64());
    }

    [Fact]
    public async Task Snapshot_WhenTheSourceYieldsNoFrame_Returns503WithRetryAfterAndStatusSaysWhy()
    {
        using var dir = new TempDirectory();
        var garbage = dir.Write("broken.mjpg", "this file holds no JPEG at all");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["VIDEO_SOURCE"] = $"file:{garbage}" });
        using var client = server.CreateClient();

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("current.jpg");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.InRange(clock.Elapsed.TotalSeconds, 4.5, 8);
        Assert.NotNull(response.Headers.RetryAfter);
        var source = (await Json.GetAsync(client, "status")).GetProperty("source");
        Assert.False(source.GetProperty("online").GetBoolean());
        Assert.Contains("no JPEG frames", source.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Systemd_WithANotifySocket_GetsReadyAndWatchdogPings()
    {
        using var dir = new TempDirectory();
        var path = dir.File("notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = path,
            ["WATCHDOG_USEC"] = "400000",
        });

        var messages = new List<string>();
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(PicamBinary.Scaled(TimeSpan.FromSeconds(10)));
        while (!(messages.Any(m => m.Contains("READY=1", StringComparison.Ordinal)) && messages.Count(m => m == "WATCHDOG=1") >= 2))
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
        }

        server.Signal(ServerProcess.SIGTERM);
        Assert.True(await server.WaitForExitAsync(PicamBinary.Scaled(TimeSpan.FromSeconds(5))), "the server did not exit");
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        while (!messages.Contains("STOPPING=1"))
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
            messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
        }
    }

    [Fact]
    public async Task HdrApply_OnAMachineWithNoCamera_ExplainsAndExitsZeroSoBootContinues()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("picam.env", "HDR=1\n");
        var (exitCode, output) = await ServerProcess.RunCommandAsync(["hdr", "apply", "--config", config]);
        Assert.Equal(0, exitCode);
        Assert.Contains("hdr:", output, StringComparison.Ordinal);
        Assert.Contains("imx708", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HdrCommand_Unknown_PrintsUsageAndExits2()
    {
        var (exitCode, output) = await ServerProcess.RunCommandAsync(["hdr", "toggle", "--config", "/dev/null"]);
        Assert.Equal(2, exitCode);
        Assert.Contains("picam hdr", output, StringComparison.Ordinal);
    }
}
