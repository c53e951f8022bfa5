using System.Diagnostics;
using System.Globalization;
using System.Net;
using PiCam.Tests.Support;
using PiCam.Tests.WebRtc.Sdp;

namespace PiCam.Tests.WebRtc.Whep;

/// <summary>
/// The crash found by the QEMU boot test: picam.service once forbade AF_NETLINK, listing the network interfaces
/// for WebRTC's host candidates threw, and picam died at boot. The real server is started with netlink denied
/// as that unit denied it (<see cref="NetlinkDenied"/>); it must keep serving and offer WEBRTC_ADDRESSES alone.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NetlinkDeniedTests
{
    private const string Configured = "198.51.100.7"; // TEST-NET-2: on no interface of this machine

    [Fact]
    public async Task Whep_WithNetlinkDenied_KeepsServingAndOffersOnlyWebRtcAddresses()
    {
        // The filter works, and shows what is lost: the interfaces' addresses, which ip lists through netlink.
        var (listed, interfaceAddresses) = await IpAddressesAsync(denyNetlink: false);
        Assert.True(listed, "ip -4 addr could not list the interfaces even with netlink allowed");
        var (listedDenied, _) = await IpAddressesAsync(denyNetlink: true);
        Assert.False(listedDenied, "ip -4 addr listed the interfaces with netlink denied: the seccomp filter is not working");

        await using var server = await ServerProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["BIND"] = "*", // every interface: the candidates come from listing them
                ["WEBRTC_PORT"] = WhepEndpointTests.FreeUdpPort().ToString(CultureInfo.InvariantCulture),
                ["WEBRTC_ADDRESSES"] = Configured,
            },
            denyNetlink: true);
        using var client = server.CreateClient();
        using var answer = await WhepEndpointTests.PostOfferAsync(client, BrowserOffers.Chrome);
        var sdp = await answer.Content.ReadAsStringAsync();

        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{(int)answer.StatusCode} {sdp}\n{server.Output}");
        var candidates = sdp.Split("\r\n").Where(line => line.StartsWith("a=candidate:", StringComparison.Ordinal)).Select(line => line.Split(' ')[4]).ToList();
        Assert.Equal([Configured], candidates);
        Assert.DoesNotContain(interfaceAddresses, candidates.Contains);
        Assert.False(server.HasExited, $"picam exited:\n{server.Output}");
        Assert.Equal("ok\n", await client.GetStringAsync("healthz"));
        Assert.Contains("allow AF_NETLINK in picam.service, or set WEBRTC_ADDRESSES", server.Output, StringComparison.Ordinal); // says why, and what to do
    }

    /// <summary>Whether <c>ip -4 -o addr show up</c> could list the interfaces, and their non-loopback IPv4 addresses.</summary>
    private static async Task<(bool Listed, List<string> Addresses)> IpAddressesAsync(bool denyNetlink)
    {
        var start = new ProcessStartInfo("ip", ["-4", "-o", "addr", "show", "up"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var ip = denyNetlink ? NetlinkDenied.Start(start) : Process.Start(start)!;
        var output = ip.StandardOutput.ReadToEndAsync();
        var errors = ip.StandardError.ReadToEndAsync();
        await ip.WaitForExitAsync();
        var addresses = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(words => words.SkipWhile(w => w != "inet").Skip(1).FirstOrDefault()?.Split('/')[0])
            .OfType<string>()
            .Where(address => !address.StartsWith("127.", StringComparison.Ordinal))
            .ToList();
        _ = await errors;
        return (ip.ExitCode == 0, addresses);
    }
}
