using System.Net;
using PiCam.WebRtc.Ice;

namespace PiCam.Tests.WebRtc.Ice;

public sealed class IceCandidateTests
{
    [Fact]
    public void ChromiumsRelayCandidate_Parses_WithItsRelatedAddress_AndPrintsBackTheSame()
    {
        const string line = "candidate:3471623853 1 udp 41885439 10.79.1.1 50107 typ relay raddr 10.79.2.2 rport 41250 generation 0 ufrag Yq1B network-id 1";

        Assert.True(IceCandidate.TryParse(line, out var candidate, out var why), why);

        Assert.Equal(IceCandidateType.Relayed, candidate!.Type);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.79.1.1"), 50107), candidate.Address);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.79.2.2"), 41250), candidate.Related);
        Assert.Equal(41885439u, candidate.Priority);
        Assert.Equal("candidate:3471623853 1 udp 41885439 10.79.1.1 50107 typ relay raddr 10.79.2.2 rport 41250", candidate.ToSdp());
    }

    [Theory]
    [InlineData("a=candidate:1 1 UDP 2130706431 192.0.2.7 8189 typ host", "Host")]
    [InlineData("candidate:2 1 udp 1694498815 203.0.113.9 61000 typ srflx raddr 192.0.2.7 rport 61000", "ServerReflexive")]
    [InlineData("1 1 udp 1845501695 [::1] 9 typ prflx", "PeerReflexive")]
    [InlineData("candidate:9 1 udp 1 2001:db8::5 3478 typ relay", "Relayed")]
    public void EveryTypeAndSpelling_Parses(string line, string type)
    {
        Assert.True(IceCandidate.TryParse(line, out var candidate, out var why), why);
        Assert.Equal(type, candidate!.Type.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("candidate:1 1 udp 2130706431 3f0c6d6a-1b9e-4b8a.local 54321 typ host", "mDNS")]
    [InlineData("candidate:1 2 udp 2130706430 192.0.2.7 8190 typ host", "component 2")]
    [InlineData("candidate:1 1 tcp 1518280447 192.0.2.7 9 typ host tcptype active", "transport tcp")]
    [InlineData("candidate:1 1 udp -5 192.0.2.7 9 typ host", "priority")]
    [InlineData("candidate:1 1 udp 0 192.0.2.7 9 typ host", "priority")]
    [InlineData("candidate:1 1 udp 5 192.0.2.7 70000 typ host", "IP address and port")]
    [InlineData("candidate:1 1 udp 5 192.0.2.7 9 typ wormhole", "type 'wormhole'")]
    [InlineData("candidate:1 1 udp 5 192.0.2.7 9 host", "is not 'candidate:")]
    [InlineData("\u0000\u0001 garbage", "is not 'candidate:")]
    public void UnusableCandidates_AreRefused_WithASentenceSayingWhy(string line, string reason)
    {
        Assert.False(IceCandidate.TryParse(line, out var candidate, out var why));
        Assert.Null(candidate);
        Assert.Contains(reason, why, StringComparison.Ordinal);
        Assert.EndsWith(".", why, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeCandidate_IsRefused_BeforeItIsSplit()
    {
        Assert.False(IceCandidate.TryParse("candidate:1 1 udp 5 192.0.2.7 9 typ host " + new string('x', 100_000), out _, out var why));
        Assert.Contains("longer than 512", why, StringComparison.Ordinal);
    }
}
