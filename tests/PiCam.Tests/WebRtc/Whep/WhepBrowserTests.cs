using System.Net;
using System.Text.Json.Nodes;
using PiCam.Tests.Support;

namespace PiCam.Tests.WebRtc.Whep;

/// <summary>
/// WebRTC end to end: picam runs in a network namespace joined by a veth pair (Chromium gathers no ICE
/// candidate on loopback alone; this way its candidate is the veth's), and Debian's headless Chromium makes a
/// recvonly peer connection, POSTs its offer to <c>/whep</c> and decodes the simulator's H.264 (encoded by
/// ffmpeg from the camera's MJPEG) over ICE-lite, DTLS-SRTP and RTP.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WhepBrowserTests
{
    internal const string Connect = $$"""
        (async () => {
          const pc = new RTCPeerConnection();
          window.pc = pc;
          pc.addTransceiver('video', { direction: 'recvonly' });
          {{WatchScript.ShowVideo}}
          await pc.setLocalDescription(await pc.createOffer());
          const response = await fetch('/whep', { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
          window.whepLocation = response.headers.get('Location');
          const answer = await response.text();
          if (response.status !== 201) return response.status + ' ' + answer;
          window.answeredAt = performance.now();
          await pc.setRemoteDescription({ type: 'answer', sdp: answer });
          return '201 ' + window.whepLocation;
        })()
        """;

    internal const string InboundStats = """
        (async () => {
          let found = null;
          (await window.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') found = s; });
          return found ? { framesDecoded: found.framesDecoded || 0, packetsLost: found.packetsLost || 0, packetsReceived: found.packetsReceived || 0,
                           width: found.frameWidth || 0, codec: found.codecId || '' } : { framesDecoded: 0, packetsLost: 0, packetsReceived: 0, width: 0, codec: '' };
        })()
        """;

    [NetnsFact]
    public async Task Whep_ChromiumInANetworkNamespace_DecodesTheSimulatorsH264WithNoLoss()
    {
        using var veth = VethNamespace.Create();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["BIND"] = veth.InsideAddress,
            ["WEBRTC_PORT"] = "8189",
            ["RESOLUTION"] = Environment.GetEnvironmentVariable("PICAM_WHEP_RESOLUTION") ?? "640x360",
        }, inNamespace: veth.Name);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(server.BaseUri, "healthz"));
        Assert.True(await browser.WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(20)));

        var connected = (await browser.EvaluateAsync(Connect))?.GetValue<string>();
        Assert.StartsWith("201 /whep/", connected, StringComparison.Ordinal);

        var decoding = await browser.WaitUntilAsync("window.firstFrameAt !== undefined", PicamBinary.Scaled(TimeSpan.FromSeconds(20)));
        Assert.True(decoding, $"Chromium decoded no frame.\n{server.Output}");
        var joinMs = (await browser.EvaluateAsync("window.firstFrameAt - window.answeredAt"))!.GetValue<double>();
        var first = await StatsAsync(browser);
        var encoder = ChildProcesses.Find(server.ProcessId, "ffmpeg");
        var (encoderBefore, picamBefore, clockBefore) = (ChildProcesses.CpuTicks(encoder), ChildProcesses.CpuTicks(server.ProcessId), DateTime.UtcNow);
        await Task.Delay(PicamBinary.Scaled(TimeSpan.FromSeconds(3))); // a slower emulated picam gets a longer look
        var second = await StatsAsync(browser);
        var seconds = (DateTime.UtcNow - clockBefore).TotalSeconds;
        var encoderCpu = (ChildProcesses.CpuTicks(encoder) - encoderBefore) / 100.0 / seconds;
        var picamCpu = (ChildProcesses.CpuTicks(server.ProcessId) - picamBefore) / 100.0 / seconds;
        Assert.True(second.FramesDecoded > first.FramesDecoded + 10, $"framesDecoded went from {first.FramesDecoded} to {second.FramesDecoded} in {PicamBinary.Scaled(TimeSpan.FromSeconds(3)).TotalSeconds} s");
        Assert.Equal(0, second.PacketsLost);
        Assert.True(second.Width > 0);

        using var client = server.CreateClient();
        var status = JsonNode.Parse(await client.GetStringAsync("status"))!["webrtc"]!;
        Assert.Equal(1, status["sessions"]!.GetValue<int>());
        Assert.Equal("connected", status["session_list"]![0]!["state"]!.GetValue<string>());
        Assert.Equal("direct", status["session_list"]![0]!["route"]!.GetValue<string>());
        Console.WriteLine($"WHEP {second.Width} px wide: first frame {joinMs:0} ms after the answer; {second.FramesDecoded} frames decoded, {second.PacketsReceived} packets, 0 lost; "
            + $"CPU of one core: ffmpeg encoder {encoderCpu:P0}, picam (simulator, MJPEG, SRTP) {picamCpu:P0}");

        var location = connected!["201 ".Length..];
        using var deleted = await client.DeleteAsync(location.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (JsonNode.Parse(await client.GetStringAsync("status"))!["webrtc"]!["sessions"]!.GetValue<int>() != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, JsonNode.Parse(await client.GetStringAsync("status"))!["webrtc"]!["sessions"]!.GetValue<int>());
    }

    [NetnsFact]
    public async Task Whep_ASecondViewerWhileMjpegAlsoPlays_StartsOnTheCachedKeyframeWithinHalfASecond()
    {
        using var veth = VethNamespace.Create();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["BIND"] = veth.InsideAddress,
            ["WEBRTC_PORT"] = "8189",
        }, inNamespace: veth.Name);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(server.BaseUri, "healthz"));
        Assert.True(await browser.WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(20)));
        await browser.EvaluateAsync("(() => { const i = document.createElement('img'); i.id = 'mjpeg'; i.src = '/stream.mjpg'; document.body.appendChild(i); return 1; })()");
        Assert.StartsWith("201 ", (await browser.EvaluateAsync(Connect))?.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await browser.WaitUntilAsync("window.firstFrameAt !== undefined", PicamBinary.Scaled(TimeSpan.FromSeconds(20))), server.Output);
        await Task.Delay(1500); // the encoder is half-way through a one-second GOP
        var firstPc = "window.firstPc = window.pc; window.firstFrameAt = undefined; 1";
        await browser.EvaluateAsync(firstPc);
        Assert.StartsWith("201 ", (await browser.EvaluateAsync(Connect))?.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await browser.WaitUntilAsync("window.firstFrameAt !== undefined", PicamBinary.Scaled(TimeSpan.FromSeconds(10))), server.Output);
        var joinMs = (await browser.EvaluateAsync("window.firstFrameAt - window.answeredAt"))!.GetValue<double>();
        Console.WriteLine($"WHEP second viewer: first frame {joinMs:0} ms after the answer");
        Assert.True(joinMs < PicamBinary.Scaled(TimeSpan.FromMilliseconds(500)).TotalMilliseconds, $"the second viewer waited {joinMs:0} ms for a picture");

        var second = await StatsAsync(browser);
        await Task.Delay(2000);
        var later = await StatsAsync(browser);
        Assert.True(later.FramesDecoded > second.FramesDecoded + 10, $"the second viewer decoded {second.FramesDecoded} then {later.FramesDecoded}");
        Assert.Equal(0, later.PacketsLost);
        Assert.True((await browser.EvaluateAsync("document.getElementById('mjpeg').naturalWidth"))!.GetValue<int>() > 0, "MJPEG did not play beside WebRTC");
        using var client = server.CreateClient();
        var status = JsonNode.Parse(await client.GetStringAsync("status"))!;
        Assert.Equal(2, status["webrtc"]!["sessions"]!.GetValue<int>());
        Assert.Equal(1, status["clients"]!.GetValue<int>());
    }

    [NetnsFact]
    public async Task Whep_ABrowserKilledMidStream_FreesItsSessionWithinTheConsentTimeout()
    {
        using var veth = VethNamespace.Create();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["BIND"] = veth.InsideAddress,
            ["WEBRTC_PORT"] = "8189",
        }, inNamespace: veth.Name);
        using var client = server.CreateClient();
        var browser = await HeadlessChromium.LaunchAsync();
        try
        {
            await browser.NavigateAsync(new Uri(server.BaseUri, "healthz"));
            Assert.True(await browser.WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(20)));
            Assert.StartsWith("201 ", (await browser.EvaluateAsync(Connect))?.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(await browser.WaitUntilAsync("window.firstFrameAt !== undefined", PicamBinary.Scaled(TimeSpan.FromSeconds(20))), server.Output);
        }
        finally
        {
            await browser.DisposeAsync(); // SIGKILL: no DELETE, no goodbye, the checks just stop
        }

        var killedAt = DateTime.UtcNow;
        Assert.Equal(1, JsonNode.Parse(await client.GetStringAsync("status"))!["webrtc"]!["sessions"]!.GetValue<int>());
        var deadline = killedAt + TimeSpan.FromSeconds(45);
        while (JsonNode.Parse(await client.GetStringAsync("status"))!["webrtc"]!["sessions"]!.GetValue<int>() != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        var freedAfter = DateTime.UtcNow - killedAt;
        Assert.True(freedAfter < TimeSpan.FromSeconds(45), $"the session outlived its browser by {freedAfter.TotalSeconds:0} s\n{server.Output}");
        Assert.True(freedAfter > TimeSpan.FromSeconds(20), $"the session ended {freedAfter.TotalSeconds:0} s after the browser died, before any consent timeout could have");
        // The session leaves the list at once; the line saying why is written when its media loop has wound down.
        Assert.True(await server.WaitForOutputAsync("no consent check or RTCP from the browser for 30 s", TimeSpan.FromSeconds(10)), server.Output);
    }

    [NetnsFact]
    public async Task ViewerPage_WithAUdpPath_PlaysWebRtcAndEndsItsMjpegStream()
    {
        using var veth = VethNamespace.Create();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["BIND"] = veth.InsideAddress,
            ["WEBRTC_PORT"] = "8189",
        }, inNamespace: veth.Name);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(server.BaseUri, "index.html"));

        Assert.True(await browser.WaitUntilAsync("document.getElementById('st-mode').textContent === 'WebRTC'", PicamBinary.Scaled(TimeSpan.FromSeconds(15))),
            $"the page never switched to WebRTC\n{server.Output}");
        Assert.Equal(false, (await browser.EvaluateAsync("document.getElementById('webrtc').hidden"))?.GetValue<bool>());
        Assert.Equal(true, (await browser.EvaluateAsync("document.getElementById('stream').hidden"))?.GetValue<bool>());
        var before = (await browser.EvaluateAsync("document.getElementById('webrtc').currentTime"))!.GetValue<double>();
        await Task.Delay(1500);
        var after = (await browser.EvaluateAsync("document.getElementById('webrtc').currentTime"))!.GetValue<double>();
        Assert.True(after > before + 0.5, $"the video did not play: currentTime {before} then {after}");
        Assert.True(await browser.WaitUntilAsync(
                "/^\\d+ ms$/.test(document.getElementById('st-latency').textContent) && /^[\\d.]+ (k|M)bit\\/s$/.test(document.getElementById('st-bitrate').textContent)"
                + " && !document.getElementById('st-latency').hidden", TimeSpan.FromSeconds(10)),
            $"the page shows no latency and bitrate: '{(await browser.EvaluateAsync("document.getElementById('st-latency').textContent + ' | ' + document.getElementById('st-bitrate').textContent"))?.GetValue<string>()}'");

        using var client = server.CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        JsonNode status;
        do
        {
            status = JsonNode.Parse(await client.GetStringAsync("status"))!;
            await Task.Delay(200);
        }
        while (status["clients"]!.GetValue<int>() != 0 && DateTime.UtcNow < deadline);

        Assert.Equal(0, status["clients"]!.GetValue<int>()); // the MJPEG stream ended once WebRTC played
        Assert.Equal(1, status["webrtc"]!["sessions"]!.GetValue<int>());
    }

    [NetnsFact]
    public async Task ViewerPage_WhenWebRtcCannotConnect_FallsBackToMjpegWithin3Seconds()
    {
        // No UDP path (only TCP passes): the offer is answered, but no ICE check is ever answered.
        using var veth = VethNamespace.Create();
        veth.BlockUdpOut();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["BIND"] = veth.InsideAddress,
            ["WEBRTC_PORT"] = "8189",
            ["RESOLUTION"] = "320x240",
        }, inNamespace: veth.Name);
        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(server.BaseUri, "index.html"));
        Assert.True(await browser.WaitUntilAsync("document.getElementById('stream').naturalWidth === 320", TimeSpan.FromSeconds(20)), "MJPEG never rendered");

        using var client = server.CreateClient();
        var sawSession = false;
        var sawAt = DateTime.UtcNow;
        var deadline = DateTime.UtcNow + PicamBinary.Scaled(TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var sessions = JsonNode.Parse(await client.GetStringAsync("status"))!["webrtc"]!["sessions"]!.GetValue<int>();
            if (!sawSession && sessions > 0)
            {
                sawSession = true;
                sawAt = DateTime.UtcNow;
            }

            if (sawSession && sessions == 0)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(sawSession, "the page never tried WebRTC");
        var gaveUpAfter = DateTime.UtcNow - sawAt;
        // The page gives up after 3 s; the server alone would wait for its 10 s handshake limit.
        Assert.True(gaveUpAfter < TimeSpan.FromSeconds(8), $"the session lasted {gaveUpAfter.TotalSeconds:0.0} s: the page did not give up by itself");
        var mode = (await browser.EvaluateAsync("document.getElementById('st-mode').textContent"))?.GetValue<string>();
        var left = JsonNode.Parse(await client.GetStringAsync("status"))!["webrtc"]!;
        Assert.True(left["sessions"]!.GetValue<int>() == 0, $"the page did not DELETE its session (mode {mode}): {left.ToJsonString()}\n{server.Output}");
        Assert.Equal("MJPEG", (await browser.EvaluateAsync("document.getElementById('st-mode').textContent"))?.GetValue<string>());
        Assert.Equal(true, (await browser.EvaluateAsync("document.getElementById('st-bitrate').hidden"))?.GetValue<bool>());
        Assert.Equal(false, (await browser.EvaluateAsync("document.getElementById('stream').hidden"))?.GetValue<bool>());
        Assert.Equal(true, (await browser.EvaluateAsync("document.getElementById('webrtc').hidden"))?.GetValue<bool>());
    }

    internal static async Task<(int FramesDecoded, int PacketsLost, int PacketsReceived, int Width)> StatsAsync(HeadlessChromium browser)
    {
        var stats = (await browser.EvaluateAsync(InboundStats))!;
        return (stats["framesDecoded"]!.GetValue<int>(), stats["packetsLost"]!.GetValue<int>(), stats["packetsReceived"]!.GetValue<int>(), stats["width"]!.GetValue<int>());
    }

}
