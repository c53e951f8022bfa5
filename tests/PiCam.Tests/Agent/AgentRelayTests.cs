using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Tests.Support;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.Agent;

/// <summary>
/// The issue's "real separation": the agent and Chromium on two hosts that cannot reach each other
/// (<see cref="SeparatedHosts"/>), the backend stand-in and coturn in the cloud between them. The stand-in hands the
/// device STUN and TURN (REST credentials) in <c>ice_servers</c>; Chromium uses TURN only
/// (<c>iceTransportPolicy: "relay"</c>), and coturn refuses to relay to either host's own address, so the one path
/// is the device's relayed candidate to Chromium's. coturn's usage report proves the media went through it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentRelayTests
{
    private const string DeviceId = SeparatedAgent.DeviceId;

    /// <summary>The issue's case: neither host's own address is reachable through coturn, so both ends must relay.</summary>
    [NetnsFact]
    public Task Chromium_WithOnlyCoturnBetweenThem_WatchesTheAgentThroughTheRelay() => WatchThroughCoturnAsync(deviceRelays: true);

    /// <summary>
    /// The control, which works with an ICE-lite device too: coturn may relay to the device's own address (a device
    /// with a reachable address, a viewer that must relay), so Chromium's relayed candidate pairs with the device's host
    /// candidate. It proves the rest of the harness: Chromium in its namespace decoding through coturn, the selected
    /// pair's stats, and coturn's usage report.
    /// </summary>
    [NetnsFact]
    public Task Chromium_OnTurnOnly_WatchesTheAgentThroughItsOwnRelay() => WatchThroughCoturnAsync(deviceRelays: false);

    private static async Task WatchThroughCoturnAsync(bool deviceRelays)
    {
        await using var world = await SeparatedAgent.StartAsync(deviceMustRelay: deviceRelays);
        var (hosts, coturn, backend, agent) = (world.Hosts, world.Coturn, world.Backend, world.Agent);
        Assert.Equal(SocketError.NetworkUnreachable, await SeparatedHosts.TcpConnectFromAsync(hosts.DeviceNamespace, new IPEndPoint(hosts.ViewerAddress, 9)));
        Assert.Equal(SocketError.NetworkUnreachable, await SeparatedHosts.TcpConnectFromAsync(hosts.ViewerNamespace, new IPEndPoint(hosts.DeviceAddress, 9)));

        await ProbeDevicesTurnAsync(world);

        await using var browser = await world.WatchAsync(relay: true);

        // Chromium's side, which works whatever the device does: a relayed candidate from coturn, trickled to the device.
        var gathered = await browser.WaitUntilAsync("window.localCandidates.some(c => c.includes(' typ relay '))", PicamBinary.Scaled(TimeSpan.FromSeconds(20)));
        var candidates = (await browser.EvaluateAsync(WatchScript.Candidates))!.GetValue<string>();
        Console.WriteLine($"Chromium's candidates: {candidates}");
        Assert.True(gathered, $"Chromium gathered no relayed candidate from coturn at {coturn.EndPoint}: {candidates}\n{coturn.Log}");
        Assert.True(await backend.WaitForAsync(b => ToDevice(b, "candidate").Any(c => c.Contains(" typ relay ", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)),
            $"The stand-in did not pass Chromium's relayed candidate on to the device; it sent it: {string.Join(" | ", ToDevice(backend, "candidate"))}");

        // The device's side: an answer, then its candidates (trickled, or in the answer), one of them relayed.
        var answered = await backend.WaitForAsync(b => world.FromDevice("answer").Any() || world.FromDevice("end").Any(), PicamBinary.Scaled(TimeSpan.FromSeconds(20)));
        Assert.True(answered && !world.FromDevice("end").Any(), $"The device sent no answer: {Sent(backend)}\n{agent.Output}");
        var endOfCandidates = await backend.WaitForAsync(b => world.FromDevice("candidate").Any(c => c.GetProperty("candidate").GetString() == ""), PicamBinary.Scaled(TimeSpan.FromSeconds(20)));
        var deviceCandidates = world.DeviceCandidates();
        Console.WriteLine($"The device's candidates: {string.Join(" | ", deviceCandidates)}");
        Assert.True(endOfCandidates, $"The device never sent the end of candidates (\"candidate\": \"\").\nIt sent: {Sent(backend)}");
        var trickled = world.FromDevice("candidate").Count();
        Assert.True(await browser.WaitUntilAsync($"window.remoteCandidates.length >= {trickled}", TimeSpan.FromSeconds(10)),
            $"The stand-in did not pass the device's {trickled} candidate messages on to Chromium: {(await browser.EvaluateAsync(WatchScript.Candidates))!.GetValue<string>()}");
        Assert.True(!deviceRelays || deviceCandidates.Any(c => c.Contains(" typ relay ", StringComparison.Ordinal)),
            $"The device offered no relayed candidate, and with Chromium on TURN only and coturn refusing the hosts' own addresses, only a relayed one can work. " +
            $"A full-ICE device allocates one on the TURN server of the watch_request's ice_servers ({coturn.TurnUrl}) and trickles it as a candidate message " +
            $"(\"typ relay raddr ...\"), then \"candidate\": \"\". It offered: [{string.Join(" | ", deviceCandidates)}].\nIt sent: {Sent(backend)}\nIts log:\n{agent.Output}\ncoturn:\n{coturn.Log}");

        var (msToFrame, why) = await SeparatedAgent.FirstFrameAsync(browser, PicamBinary.Scaled(TimeSpan.FromSeconds(30)));
        Assert.True(msToFrame is not null,
            $"Chromium decoded no frame through the relay: {why}.\n" +
            $"Chromium's candidates: {(await browser.EvaluateAsync(WatchScript.Candidates))!.GetValue<string>()}\nThe device's log:\n{agent.Output}\ncoturn:\n{coturn.Log}");
        Console.WriteLine($"watch_request to first decoded frame through coturn ({(deviceRelays ? "both ends relayed" : "Chromium relayed")}): {msToFrame:F0} ms");

        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = (await browser.EvaluateAsync(WatchScript.FramesDecoded))!.GetValue<int>();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = (await browser.EvaluateAsync(WatchScript.FramesDecoded))!.GetValue<int>();
        Assert.True(after > before + 10, $"framesDecoded went only from {before} to {after} in 2 s");
        var pairJson = (await browser.EvaluateAsync(WatchScript.SelectedPair))?.GetValue<string>();
        Console.WriteLine($"selected candidate pair: {pairJson}");
        using var pair = JsonDocument.Parse(pairJson ?? "null");
        Assert.Equal(JsonValueKind.Object, pair.RootElement.ValueKind);
        var (local, remote) = (pair.RootElement.GetProperty("local"), pair.RootElement.GetProperty("remote"));
        Assert.Equal("relay", local.GetProperty("type").GetString());
        Assert.Equal(deviceRelays ? ("relay", hosts.Cloud.ToString()) : ("host", hosts.DeviceAddress.ToString()),
            (remote.GetProperty("type").GetString(), remote.GetProperty("address").GetString()));

        // The device says so too, on /status (which names no address).
        using var client = agent.CreateClient();
        var session = Assert.Single((await Json.GetAsync(client, "status")).GetProperty("webrtc").GetProperty("session_list").EnumerateArray());
        Assert.Equal(deviceRelays ? "relay" : "direct", session.GetProperty("route").GetString());

        // The proof from coturn: the device's allocation relayed the media. coturn reports an allocation's usage
        // when it ends, so the viewer leaves (end) and closes its connection.
        Assert.Equal("left", (await browser.EvaluateAsync(WatchScript.Leave))?.GetValue<string>());
        var relayedBy = deviceRelays ? DeviceId : SeparatedAgent.ViewerName;
        Assert.True(await coturn.WaitForPeerBytesAsync(relayedBy, 100_000, PicamBinary.Scaled(TimeSpan.FromSeconds(30))),
            $"coturn reported {coturn.PeerBytes(DeviceId)} bytes relayed for the device's allocation (and {coturn.PeerBytes(SeparatedAgent.ViewerName)} for Chromium's) " +
            $"within 30 s of the viewer's end{(deviceRelays ? ": the device should Deallocate at the end of the session" : "")}.\n{coturn.Log}");
        Console.WriteLine($"coturn relayed {coturn.PeerBytes(DeviceId)} bytes for the device's allocation, {coturn.PeerBytes(SeparatedAgent.ViewerName)} for Chromium's");
    }

    /// <summary>The TURN server and credentials the stand-in hands the device work from the device's namespace (our own TURN client).</summary>
    private static async Task ProbeDevicesTurnAsync(SeparatedAgent world)
    {
        var turn = world.Backend.IceServers.Single(s => s.Url.StartsWith("turn:", StringComparison.Ordinal));
        var socket = NamespaceSockets.Create(world.Hosts.DeviceNamespace, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        await using var probe = new TurnClient(socket, world.Coturn.EndPoint, turn.Username!, turn.Credential!, NullLogger.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(world.Hosts.Cloud, (await probe.AllocateAsync(timeout.Token)).Relayed.Address);
    }

    /// <summary>The <c>candidate</c> fields of the viewer's messages of <paramref name="type"/> that the stand-in passed on to the device.</summary>
    private static IEnumerable<string> ToDevice(BackendStandIn backend, string type) =>
        backend.RelayedToDevices.Where(m => m.DeviceId == DeviceId && BackendStandIn.Type(m.Message) == type)
            .Select(m => m.Message.GetProperty("payload").GetProperty("candidate").GetString() ?? "");

    private static string Sent(BackendStandIn backend) =>
        string.Join("\n", backend.Received.Where(m => m.DeviceId == DeviceId && BackendStandIn.Type(m.Message) is not ("heartbeat" or "hello"))
            .Select(m => m.Message.GetRawText()));
}
