using System.Diagnostics;

namespace PiCam.Tests.Support;

/// <summary>
/// A network namespace joined to this one by a veth pair: 10.77.N.1 on our side, 10.77.N.2 inside.
/// Chromium gathers no ICE candidates on loopback alone, so a WebRTC browser test runs picam in here
/// and Chromium outside, where the veth gives it an address on the same subnet.
/// Needs root (CAP_NET_ADMIN) and iproute2; <see cref="NetnsFactAttribute"/> skips the test otherwise.
/// </summary>
public sealed class VethNamespace : IDisposable
{
    private VethNamespace(string name, int subnet)
    {
        Name = name;
        HostAddress = $"10.77.{subnet}.1";
        InsideAddress = $"10.77.{subnet}.2";
    }

    public string Name { get; }

    public string HostAddress { get; }

    public string InsideAddress { get; }

    public static VethNamespace Create()
    {
        // One subnet per test process and call, so parallel test runs do not collide.
        var subnet = 10 + (Environment.ProcessId + Random.Shared.Next(240)) % 240;
        var name = $"pcw{subnet}";
        var veth = new VethNamespace(name, subnet);
        Ip($"netns del {name}", ignoreFailure: true);
        Ip($"link del {name}h", ignoreFailure: true);
        Ip($"netns add {name}");
        Ip($"link add {name}h type veth peer name {name}n");
        Ip($"link set {name}n netns {name}");
        Ip($"addr add {veth.HostAddress}/24 dev {name}h");
        Ip($"link set {name}h up");
        Ip($"netns exec {name} ip addr add {veth.InsideAddress}/24 dev {name}n");
        Ip($"netns exec {name} ip link set {name}n up");
        Ip($"netns exec {name} ip link set lo up");
        return veth;
    }

    /// <summary>Drops every UDP packet the namespace sends (a policy rule), as a firewall that lets only TCP through would.</summary>
    public void BlockUdpOut() => Ip($"netns exec {Name} ip rule add ipproto udp priority 10 blackhole");

    /// <summary>
    /// Loses <paramref name="percent"/> % of the UDP datagrams the namespace sends, at random, as a weak Wi-Fi
    /// link would. An nftables rule (numgen random), not <c>tc qdisc ... netem loss</c>: kernels built without
    /// CONFIG_NET_SCH_NETEM, like this machine's, answer netem with "Specified qdisc kind is unknown".
    /// </summary>
    public void LoseOutgoing(int percent)
    {
        if (!File.Exists("/usr/sbin/nft"))
        {
            throw new InvalidOperationException("Losing packets on the veth needs nftables: install the nftables package (make test does).");
        }

        Ip($"netns exec {Name} nft add table inet picamloss");
        Ip($"netns exec {Name} nft add chain inet picamloss out {{ type filter hook output priority 0 ; }}");
        Ip($"netns exec {Name} nft add rule inet picamloss out meta l4proto udp numgen random mod 100 lt {percent} drop");
    }

    public static string? WhyImpossible()
    {
        if (Environment.UserName != "root")
        {
            return "network namespaces need root (CAP_NET_ADMIN); run the tests as root";
        }

        return File.Exists("/usr/bin/chromium") ? null : "Debian's chromium is not installed";
    }

    public void Dispose()
    {
        Ip($"link del {Name}h", ignoreFailure: true);
        Ip($"netns del {Name}", ignoreFailure: true);
    }

    /// <summary>Runs <c>ip</c> with space-separated <paramref name="arguments"/>; a failure throws with its message unless ignored.</summary>
    internal static void Ip(string arguments, bool ignoreFailure = false)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments.Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !ignoreFailure)
        {
            throw new InvalidOperationException($"ip {arguments} failed: {error}");
        }
    }
}
