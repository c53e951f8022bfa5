using System.Net;
using PiCam.Tests.Support;

namespace PiCam.Tests.Agent;

/// <summary>
/// A real viewer through the agent: the agent runs in a network namespace (Chromium gathers no candidate on
/// loopback alone) and dials out to the stand-in backend on the veth; headless Chromium opens the stand-in's
/// viewer socket, sends watch_request and its offer, and decodes the simulator's H.264 from the device.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentBrowserTests
{
    [NetnsFact]
    public async Task Chromium_WatchingThroughTheBackendStandIn_DecodesTheAgentsVideo_KeepsDecodingWhileSignallingReconnects_AndIsEndedByConsentWhenItVanishes()
    {
        using var veth = VethNamespace.Create();
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync(address: IPAddress.Parse(veth.HostAddress));
        await using var agent = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["BIND"] = veth.InsideAddress,
            ["WEBRTC_PORT"] = "0", // the LAN's WHEP off: the session and its consent are the ICE agent's alone
            ["RESOLUTION"] = "640x360",
            ["DATA_DIR"] = dir.Path,
        }, extraArgs: ["--backend", backend.DeviceUrl, "--device-id", "cam-watch", "--video-source", "fake"], inNamespace: veth.Name);
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, PicamBinary.Scaled(TimeSpan.FromSeconds(20)));
        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(backend.ViewerPage);
        Assert.True(await browser.WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(20)));

        Assert.Equal("sent", (await browser.EvaluateAsync(WatchScript.Watch("cam-watch")))?.GetValue<string>());

        var decoding = await browser.WaitUntilAsync("window.firstFrameAt !== undefined || window.ended !== undefined", PicamBinary.Scaled(TimeSpan.FromSeconds(30)));
        var ended = (await browser.EvaluateAsync("window.ended || ''"))?.GetValue<string>();
        Assert.True(decoding && string.IsNullOrEmpty(ended), $"Chromium decoded no frame ({ended}).\n{agent.Output}");
        var msToFrame = (await browser.EvaluateAsync("window.firstFrameAt - window.watchRequestedAt"))!.GetValue<double>();
        Assert.True(msToFrame > 0, $"{msToFrame}");
        var status = await Json.GetAsync(client, "status");
        Assert.Equal(1, AgentProcess.Agent(status).GetProperty("sessions").GetInt32());
        Console.WriteLine($"watch_request to first decoded frame: {msToFrame:F0} ms");

        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = (await browser.EvaluateAsync(WatchScript.FramesDecoded))!.GetValue<int>();
        Assert.True(before > 10, $"only {before} frames decoded in the first 2 s");
        backend.CutAll(); // the media does not go through the socket
        Assert.True(await backend.WaitForAsync(b => b.Hellos.Count >= 2 && b.ConnectedDevices.Count == 1, PicamBinary.Scaled(TimeSpan.FromSeconds(20))), agent.Output);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = (await browser.EvaluateAsync(WatchScript.FramesDecoded))!.GetValue<int>();
        Assert.True(after > before + 10, $"framesDecoded went from {before} to {after} across the reconnect");
        status = await Json.WaitForStatusAsync(client, AgentProcess.Connected, PicamBinary.Scaled(TimeSpan.FromSeconds(20)));
        Assert.Equal(1, AgentProcess.Agent(status).GetProperty("sessions").GetInt32());

        // The viewer vanishes: no end, no DTLS close. The device's consent checks go unanswered for 30 s, and it
        // tells the backend on the socket that is up now (not the one the session was set up on).
        var vanished = DateTime.UtcNow;
        await browser.VanishAsync();
        Assert.True(await backend.WaitForAsync(b => b.Received.Any(m => BackendStandIn.Type(m.Message) == "end"), PicamBinary.Scaled(TimeSpan.FromSeconds(60))),
            $"the device never ended the vanished viewer's session:\n{agent.Output}");
        var waited = DateTime.UtcNow - vanished;
        var end = backend.Received.First(m => BackendStandIn.Type(m.Message) == "end").Message.GetProperty("payload");
        Assert.Equal("ended_by_device", end.GetProperty("reason").GetString());
        Assert.Contains("the viewer answered no consent check for 30 s", end.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(waited >= TimeSpan.FromSeconds(25), $"ended after only {waited.TotalSeconds:F1} s: consent allows 30 s");
        status = await Json.WaitForStatusAsync(client, s => AgentProcess.Agent(s).GetProperty("sessions").GetInt32() == 0, PicamBinary.Scaled(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, AgentProcess.Agent(status).GetProperty("sessions").GetInt32());
        Console.WriteLine($"a vanished viewer's session ended after {waited.TotalSeconds:F1} s");
    }
}
