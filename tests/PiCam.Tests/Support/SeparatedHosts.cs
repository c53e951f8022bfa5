using System.Net;
using System.Net.Sockets;

namespace PiCam.Tests.Support;

/// <summary>
/// Three "hosts" that cannot reach each other except through "the cloud", for a WebRTC session that only a TURN
/// relay can carry. This namespace is the cloud: it holds <see cref="Cloud"/> (10.83.S.1/32, on its loopback), where
/// the backend stand-in and coturn listen. The device namespace (10.81.S.2/24) and the viewer namespace (10.82.S.2/24)
/// each join it by their own veth pair and have one route besides their own subnet: a host route to the cloud address.
/// No default routes, so neither has a route to the other's subnet, whatever this namespace's ip_forward says.
/// Private addresses only. Needs root; <see cref="NetnsFactAttribute"/> skips the test otherwise.
/// </summary>
public sealed class SeparatedHosts : IDisposable
{
    private readonly int _subnet;

    private SeparatedHosts(int subnet)
    {
        _subnet = subnet;
        Cloud = IPAddress.Parse($"10.83.{subnet}.1");
        DeviceAddress = IPAddress.Parse($"10.81.{subnet}.2");
        ViewerAddress = IPAddress.Parse($"10.82.{subnet}.2");
    }

    public string DeviceNamespace => $"pcsd{_subnet}";

    public string ViewerNamespace => $"pcsv{_subnet}";

    /// <summary>The cloud's one address: the backend and the TURN server, reachable from both namespaces.</summary>
    public IPAddress Cloud { get; }

    public IPAddress DeviceAddress { get; }

    public IPAddress ViewerAddress { get; }

    /// <summary>The device's /24 as a range, the way coturn's <c>denied-peer-ip</c> takes it.</summary>
    public string DeviceSubnet => $"10.81.{_subnet}.0-10.81.{_subnet}.255";

    /// <summary>The viewer's /24 as a range, the way coturn's <c>denied-peer-ip</c> takes it.</summary>
    public string ViewerSubnet => $"10.82.{_subnet}.0-10.82.{_subnet}.255";

    public static SeparatedHosts Create()
    {
        for (var attempt = 1; ; attempt++)
        {
            // A random S, claimed by creating the device namespace: a test running in parallel has another.
            var hosts = new SeparatedHosts(10 + Random.Shared.Next(240));
            try
            {
                Ip($"netns add {hosts.DeviceNamespace}");
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                continue;
            }

            try
            {
                hosts.Build();
                return hosts;
            }
            catch
            {
                hosts.Teardown();
                throw;
            }
        }
    }

    /// <summary>
    /// Connects a TCP socket from <paramref name="netns"/> to <paramref name="to"/>; null when it connected, else
    /// the reason (e.g. NetworkUnreachable).
    /// </summary>
    public static async Task<SocketError?> TcpConnectFromAsync(string netns, IPEndPoint to)
    {
        using var socket = NamespaceSockets.Create(netns, SocketType.Stream, ProtocolType.Tcp);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(to, bound.Token);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
        catch (OperationCanceledException)
        {
            return SocketError.TimedOut;
        }
    }

    /// <summary>Sends one UDP datagram from <paramref name="netns"/>; null when the kernel took it, else why not.</summary>
    public static SocketError? UdpSendFrom(string netns, IPEndPoint to)
    {
        using var socket = NamespaceSockets.Create(netns, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.SendTo("probe"u8, to);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    public void Dispose() => Teardown();

    private void Build()
    {
        // Leftovers of a run that died with this S, which is ours now.
        Ip($"link del {DeviceNamespace}h", ignoreFailure: true);
        Ip($"link del {ViewerNamespace}h", ignoreFailure: true);
        Ip($"netns del {ViewerNamespace}", ignoreFailure: true);
        Ip($"addr del {Cloud}/32 dev lo", ignoreFailure: true);
        Ip($"addr add {Cloud}/32 dev lo");
        Ip($"netns add {ViewerNamespace}");
        Join(DeviceNamespace, 81);
        Join(ViewerNamespace, 82);
    }

    private void Join(string netns, int net)
    {
        var outside = $"10.{net}.{_subnet}.1";
        Ip($"link add {netns}h type veth peer name {netns}n");
        Ip($"link set {netns}n netns {netns}");
        Ip($"addr add {outside}/24 dev {netns}h");
        Ip($"link set {netns}h up");
        Ip($"netns exec {netns} ip addr add 10.{net}.{_subnet}.2/24 dev {netns}n");
        Ip($"netns exec {netns} ip link set {netns}n up");
        Ip($"netns exec {netns} ip link set lo up");
        Ip($"netns exec {netns} ip route add {Cloud}/32 via {outside}");
    }

    private void Teardown()
    {
        foreach (var netns in new[] { DeviceNamespace, ViewerNamespace })
        {
            Ip($"link del {netns}h", ignoreFailure: true);
            Ip($"netns del {netns}", ignoreFailure: true);
        }

        Ip($"addr del {Cloud}/32 dev lo", ignoreFailure: true);
    }

    private static void Ip(string arguments, bool ignoreFailure = false) => VethNamespace.Ip(arguments, ignoreFailure);
}
