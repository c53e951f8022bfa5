using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Tests.Support;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.Agent;

/// <summary>
/// The separation the relay test stands on (<see cref="SeparatedHosts"/>): the device and the viewer reach the cloud
/// and not each other, and coturn on the cloud relays between their allocations but never to their own addresses.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SeparatedHostsTests
{
    [NetnsFact]
    public async Task SeparatedHosts_TheDeviceAndTheViewer_ReachTheCloudButNotEachOther()
    {
        using var hosts = SeparatedHosts.Create();
        using var viewerListener = Listen(hosts.ViewerNamespace, hosts.ViewerAddress);
        using var deviceListener = Listen(hosts.DeviceNamespace, hosts.DeviceAddress);
        using var cloudListener = Listen(null, hosts.Cloud);

        Assert.Equal(SocketError.NetworkUnreachable, await SeparatedHosts.TcpConnectFromAsync(hosts.DeviceNamespace, EndPoint(viewerListener)));
        Assert.Equal(SocketError.NetworkUnreachable, await SeparatedHosts.TcpConnectFromAsync(hosts.ViewerNamespace, EndPoint(deviceListener)));
        Assert.Equal(SocketError.NetworkUnreachable, SeparatedHosts.UdpSendFrom(hosts.DeviceNamespace, new IPEndPoint(hosts.ViewerAddress, 9)));
        Assert.Equal(SocketError.NetworkUnreachable, SeparatedHosts.UdpSendFrom(hosts.ViewerNamespace, new IPEndPoint(hosts.DeviceAddress, 9)));
        // The controls: both listeners are there (the cloud reaches them), and both hosts reach the cloud.
        using var fromCloud = new TcpClient();
        await fromCloud.ConnectAsync(EndPoint(viewerListener));
        Assert.Null(await SeparatedHosts.TcpConnectFromAsync(hosts.DeviceNamespace, EndPoint(cloudListener)));
        Assert.Null(await SeparatedHosts.TcpConnectFromAsync(hosts.ViewerNamespace, EndPoint(cloudListener)));
    }

    [NetnsFact]
    public async Task Coturn_OnTheCloud_RelaysBetweenTheDevicesAndTheViewersAllocations_ButRefusesTheirOwnAddressesAsPeers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var hosts = SeparatedHosts.Create();
        await using var coturn = await Coturn.StartAsync(hosts.Cloud, $"denied-peer-ip={hosts.DeviceSubnet}", $"denied-peer-ip={hosts.ViewerSubnet}");
        await using var device = Client(hosts.DeviceNamespace, coturn, "kitchen-cam-001");
        await using var viewer = Client(hosts.ViewerNamespace, coturn, "viewer");

        var deviceRelayed = (await device.AllocateAsync(timeout.Token)).Relayed;
        var viewerRelayed = (await viewer.AllocateAsync(timeout.Token)).Relayed;
        await device.CreatePermissionAsync(viewerRelayed.Address, timeout.Token);
        await viewer.CreatePermissionAsync(deviceRelayed.Address, timeout.Token);
        await device.SendAsync(viewerRelayed, "from the device"u8.ToArray(), timeout.Token);
        var atViewer = await viewer.Received.ReadAsync(timeout.Token);
        await viewer.SendAsync(deviceRelayed, "from the viewer"u8.ToArray(), timeout.Token);
        var atDevice = await device.Received.ReadAsync(timeout.Token);

        Assert.Equal(hosts.Cloud, deviceRelayed.Address);
        Assert.Equal(hosts.Cloud, viewerRelayed.Address);
        Assert.Equal(("from the device", deviceRelayed), (Encoding.UTF8.GetString(atViewer.Data), atViewer.Peer));
        Assert.Equal(("from the viewer", viewerRelayed), (Encoding.UTF8.GetString(atDevice.Data), atDevice.Peer));
        var toViewerHost = await Assert.ThrowsAsync<TurnException>(() => device.CreatePermissionAsync(hosts.ViewerAddress, timeout.Token));
        var toDeviceHost = await Assert.ThrowsAsync<TurnException>(() => viewer.CreatePermissionAsync(hosts.DeviceAddress, timeout.Token));
        Assert.Equal((403, 403), (toViewerHost.Code, toDeviceHost.Code));
        await device.DisposeAsync(); // deallocates: coturn reports the session's usage
        Assert.True(await coturn.WaitForPeerBytesAsync("kitchen-cam-001", "from the device".Length, TimeSpan.FromSeconds(20)), coturn.Log);
    }

    /// <summary>
    /// The control for the relay test: two real ICE agents (two Chromiums, one in each namespace, TURN only) connect
    /// relayed candidate to relayed candidate here, and coturn reports the media under the sender's name.
    /// </summary>
    [NetnsFact]
    public async Task TwoChromiums_OnTurnOnly_ConnectRelayToRelay_AndCoturnReportsTheMedia()
    {
        using var hosts = SeparatedHosts.Create();
        await using var coturn = await Coturn.StartAsync(hosts.Cloud, $"denied-peer-ip={hosts.DeviceSubnet}", $"denied-peer-ip={hosts.ViewerSubnet}");
        await using var backend = await BackendStandIn.StartAsync(address: hosts.Cloud); // only for a page of the cloud's origin
        await using var sender = await PeerAsync(hosts.DeviceNamespace, backend, coturn, "sender", """
            const c = document.createElement('canvas'); c.width = 320; c.height = 240; const g = c.getContext('2d'); let n = 0;
            setInterval(() => { g.fillStyle = '#' + ((n++ * 997) % 0xffffff).toString(16).padStart(6, '0'); g.fillRect(0, 0, 320, 240); g.fillText(String(n), 10, 10); }, 33);
            c.captureStream(30).getTracks().forEach(t => pc.addTrack(t));
            """);
        await using var receiver = await PeerAsync(hosts.ViewerNamespace, backend, coturn, "receiver", """
            pc.ontrack = e => { const v = document.createElement('video'); v.muted = true; v.autoplay = true; v.srcObject = new MediaStream([e.track]); document.body.appendChild(v); };
            """);

        var offer = await sender.EvaluateAsync("(async () => { await pc.setLocalDescription(await pc.createOffer()); return pc.localDescription.sdp; })()");
        var answer = await receiver.EvaluateAsync($"(async () => {{ await pc.setRemoteDescription({{ type: 'offer', sdp: {offer!.ToJsonString()} }}); await pc.setLocalDescription(await pc.createAnswer()); return pc.localDescription.sdp; }})()");
        await sender.EvaluateAsync($"(async () => {{ await pc.setRemoteDescription({{ type: 'answer', sdp: {answer!.ToJsonString()} }}); return 'ok'; }})()");
        Assert.True(await sender.WaitUntilAsync("window.gathered", TimeSpan.FromSeconds(20)) && await receiver.WaitUntilAsync("window.gathered", TimeSpan.FromSeconds(20)));
        var fromSender = (await sender.EvaluateAsync("JSON.stringify(window.candidates)"))!.GetValue<string>();
        var fromReceiver = (await receiver.EvaluateAsync("JSON.stringify(window.candidates)"))!.GetValue<string>();
        const string Add = "(async () => {{ for (const c of {0}) await pc.addIceCandidate({{ candidate: c, sdpMid: '0', sdpMLineIndex: 0 }}); return 'ok'; }})()";
        await sender.EvaluateAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Add, fromReceiver));
        await receiver.EvaluateAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Add, fromSender));

        Assert.True(await receiver.WaitUntilAsync("(async () => { let n = 0; (await pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp') n = s.framesDecoded || 0; }); return n > 30; })()",
            TimeSpan.FromSeconds(30)), $"sender: {fromSender}, receiver: {fromReceiver}\n{coturn.Log}");
        using var pair = JsonDocument.Parse((await receiver.EvaluateAsync(WatchScript.SelectedPair))!.GetValue<string>());
        Assert.Equal(("relay", "relay", hosts.Cloud.ToString()), (pair.RootElement.GetProperty("local").GetProperty("type").GetString(),
            pair.RootElement.GetProperty("remote").GetProperty("type").GetString(), pair.RootElement.GetProperty("remote").GetProperty("address").GetString()));
        await sender.EvaluateAsync("pc.close(); 'closed'");
        Assert.True(await coturn.WaitForPeerBytesAsync("sender", 10_000, TimeSpan.FromSeconds(20)), coturn.Log);
    }

    /// <summary>Chromium in <paramref name="netns"/> on a page of the cloud, with <c>window.pc</c> on TURN only and its relayed candidates gathered into <c>window.candidates</c>.</summary>
    private static async Task<HeadlessChromium> PeerAsync(string netns, BackendStandIn backend, Coturn coturn, string name, string setup)
    {
        var browser = await HeadlessChromium.LaunchAsync(inNamespace: netns);
        await browser.NavigateAsync(backend.ViewerPage);
        Assert.True(await browser.WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(20)));
        var (user, password) = coturn.Credentials(name);
        await browser.EvaluateAsync($$"""
            (() => {
              const pc = new RTCPeerConnection({"iceServers": {{IceServer.ToJson([new IceServer(coturn.TurnUrl, user, password)])}}, "iceTransportPolicy": "relay"});
              window.pc = pc; window.candidates = [];
              pc.onicecandidate = e => { if (e.candidate && e.candidate.candidate) window.candidates.push(e.candidate.candidate); else window.gathered = true; };
              {{setup}}
              return 'ok';
            })()
            """);
        return browser;
    }

    private static TurnClient Client(string netns, Coturn coturn, string name)
    {
        var socket = NamespaceSockets.Create(netns, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        var (username, password) = coturn.Credentials(name);
        return new TurnClient(socket, coturn.EndPoint, username, password, NullLogger.Instance);
    }

    private static Socket Listen(string? netns, IPAddress address)
    {
        var socket = netns is null ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : NamespaceSockets.Create(netns, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        socket.Listen();
        return socket;
    }

    private static IPEndPoint EndPoint(Socket listener) => (IPEndPoint)listener.LocalEndPoint!;
}
