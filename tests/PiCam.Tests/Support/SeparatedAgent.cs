using System.Text.Json;

namespace PiCam.Tests.Support;

/// <summary>
/// The relay tests' world: <see cref="SeparatedHosts"/>, coturn on the cloud address (never relaying to the viewer's
/// own address, and with <c>deviceMustRelay</c> not to the device's either), the backend stand-in beside it handing the
/// device STUN and TURN (REST credentials named after the device) in <c>ice_servers</c>, and the agent
/// (<c>--backend ws://CLOUD:PORT/ws/device --device-id kitchen-cam-001 --video-source fake --verbose</c>) in the
/// device's namespace, connected. Viewers are headless Chromium, in the viewer's namespace or in the cloud.
/// </summary>
public sealed class SeparatedAgent : IAsyncDisposable
{
    public const string DeviceId = "kitchen-cam-001";

    /// <summary>The REST name of Chromium's TURN credentials (in coturn's usage lines).</summary>
    public const string ViewerName = "viewer";

    private readonly TempDirectory _dir = new();
    private readonly List<IAsyncDisposable> _owned = [];

    private SeparatedAgent(SeparatedHosts hosts) => Hosts = hosts;

    public SeparatedHosts Hosts { get; }

    public Coturn Coturn { get; private set; } = null!;

    public BackendStandIn Backend { get; private set; } = null!;

    public ServerProcess Agent { get; private set; } = null!;

    public static async Task<SeparatedAgent> StartAsync(bool deviceMustRelay)
    {
        var world = new SeparatedAgent(SeparatedHosts.Create());
        try
        {
            var hosts = world.Hosts;
            string[] denied = deviceMustRelay
                ? [$"denied-peer-ip={hosts.DeviceSubnet}", $"denied-peer-ip={hosts.ViewerSubnet}"]
                : [$"denied-peer-ip={hosts.ViewerSubnet}"];
            world.Coturn = world.Own(await Coturn.StartAsync(hosts.Cloud, denied));
            var (user, password) = world.Coturn.Credentials(DeviceId);
            world.Backend = world.Own(await BackendStandIn.StartAsync(address: hosts.Cloud,
                iceServers: [new IceServer(world.Coturn.StunUrl), new IceServer(world.Coturn.TurnUrl, user, password)]));
            world.Agent = world.Own(await ServerProcess.StartAsync(new Dictionary<string, string>
            {
                ["BIND"] = hosts.DeviceAddress.ToString(),
                ["WEBRTC_PORT"] = "8189",
                ["RESOLUTION"] = "640x360",
                ["DATA_DIR"] = world._dir.Path,
            }, extraArgs: ["--backend", world.Backend.DeviceUrl, "--device-id", DeviceId, "--video-source", "fake", "--verbose"], inNamespace: hosts.DeviceNamespace));
            using var client = world.Agent.CreateClient();
            await Json.WaitForStatusAsync(client, AgentProcess.Connected, PicamBinary.Scaled(TimeSpan.FromSeconds(20)));
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Launches Chromium in the viewer's namespace (or, <paramref name="inTheCloud"/>, beside the backend, from where the
    /// device's own address is reachable), loads the stand-in's page and starts watching the device: TURN only when
    /// <paramref name="relay"/>, else no ICE servers at all. The caller disposes the browser.
    /// </summary>
    public async Task<HeadlessChromium> WatchAsync(bool relay, bool inTheCloud = false)
    {
        var browser = await HeadlessChromium.LaunchAsync(inNamespace: inTheCloud ? null : Hosts.ViewerNamespace);
        try
        {
            await browser.NavigateAsync(Backend.ViewerPage);
            if (!await browser.WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(20)))
            {
                throw new InvalidOperationException($"Chromium could not load the backend's page {Backend.ViewerPage}.");
            }

            var (user, password) = Coturn.Credentials(ViewerName);
            var configuration = relay
                ? $$"""{"iceServers": {{IceServer.ToJson([new IceServer(Coturn.TurnUrl, user, password)])}}, "iceTransportPolicy": "relay"}"""
                : "{}";
            var sent = (await browser.EvaluateAsync(WatchScript.Watch(DeviceId, configuration)))?.GetValue<string>();
            return sent == "sent" ? browser : throw new InvalidOperationException($"The viewer script did not start: {sent}");
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Milliseconds from the viewer's <c>watch_request</c> to its first decoded frame; null, with the reason, when
    /// none came within <paramref name="within"/> or the device ended the session.
    /// </summary>
    public static async Task<(double? Ms, string Why)> FirstFrameAsync(HeadlessChromium browser, TimeSpan within)
    {
        await browser.WaitUntilAsync("window.firstFrameAt !== undefined || window.ended !== undefined", within);
        if ((await browser.EvaluateAsync("window.firstFrameAt !== undefined"))?.GetValue<bool>() == true)
        {
            return ((await browser.EvaluateAsync("window.firstFrameAt - window.watchRequestedAt"))!.GetValue<double>(), "");
        }

        var ended = (await browser.EvaluateAsync("window.ended || ''"))?.GetValue<string>();
        var ice = (await browser.EvaluateAsync("window.pc.iceConnectionState"))?.GetValue<string>();
        return (null, string.IsNullOrEmpty(ended) ? $"no frame within {within.TotalSeconds:F0} s (ICE {ice})" : $"the device ended the session: {ended}");
    }

    /// <summary>The payloads of the device's messages of <paramref name="type"/>, oldest first.</summary>
    public IEnumerable<JsonElement> FromDevice(string type) =>
        Backend.Received.Where(m => m.DeviceId == DeviceId && BackendStandIn.Type(m.Message) == type).Select(m => m.Message.GetProperty("payload"));

    /// <summary>The device's candidates: its trickled <c>candidate</c> messages' and its answers' <c>a=candidate</c> lines.</summary>
    public List<string> DeviceCandidates() =>
    [
        .. FromDevice("answer").SelectMany(a => (a.GetProperty("sdp").GetString() ?? "").Split("\r\n"))
            .Where(line => line.StartsWith("a=candidate:", StringComparison.Ordinal)).Select(line => line[2..]),
        .. FromDevice("candidate").Select(c => c.GetProperty("candidate").GetString() ?? "").Where(c => c.Length > 0),
    ];

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        Hosts.Dispose();
        _dir.Dispose();
    }

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
