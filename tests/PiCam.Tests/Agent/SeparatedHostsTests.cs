using System.Net;
using System.Net.Sockets;
using System.Text;
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
