using System.Text.Json;
using PiCam.WebRtc.Ice;

namespace PiCam.Tests.WebRtc.Ice;

public sealed class IceServerTests
{
    private static IReadOnlyList<IceServer> Parse(string json, List<string> skipped) =>
        IceServer.Parse(JsonDocument.Parse(json).RootElement, skipped);

    [Fact]
    public void BrowserShapedIceServers_GiveOneServerPerUsableUrl_AndNameTheRest()
    {
        var skipped = new List<string>();
        var servers = Parse("""
            [{"urls": "stun:stun.example.org"},
             {"urls": ["turn:192.0.2.1:3479?transport=udp", "turn:[2001:db8::1]", "turn:turn.example.org?transport=tcp", "turns:turn.example.org:5349"],
              "username": "1733059200:cam", "credential": "c2VjcmV0"},
             {"urls": "turn:no-credentials.example.org"},
             {"nothing": true}, 42]
            """, skipped);

        Assert.Equal(
            [new IceServer(false, "stun.example.org", 3478, null, null),
             new IceServer(true, "192.0.2.1", 3479, "1733059200:cam", "c2VjcmV0"),
             new IceServer(true, "2001:db8::1", 3478, "1733059200:cam", "c2VjcmV0")],
            servers);
        Assert.Equal(["turn:turn.example.org?transport=tcp", "turns:turn.example.org:5349", "turn:no-credentials.example.org", "an entry without urls", "an entry without urls"], skipped);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("\"stun:x\"")]
    [InlineData("[]")]
    public void IceServersThatAreNoList_GiveNoServer(string json)
    {
        Assert.Empty(Parse(json, []));
    }

    [Theory]
    [InlineData("stun:")]
    [InlineData("stun:host:0")]
    [InlineData("stun:host:99999")]
    [InlineData("stun:host:port")]
    [InlineData("http://example.org")]
    [InlineData("stun:a/b")]
    public void MalformedUrls_AreNotServers(string url)
    {
        Assert.Null(IceServer.TryParseUrl(url, "u", "p"));
    }

    [Fact]
    public void AThousandUrls_AreCutToTheFirstEight()
    {
        var urls = string.Join(',', Enumerable.Range(1, 1000).Select(i => $"\"stun:192.0.2.{i % 250}\""));
        var skipped = new List<string>();

        Assert.Equal(IceServer.MaxServers, Parse($$"""[{"urls":[{{urls}}]}]""", skipped).Count);
        Assert.Contains("servers beyond the first 8", skipped);
    }

    [Fact]
    public void OversizedHostsAndCredentials_AreNotServers_SoEveryRequestFits()
    {
        Assert.Null(IceServer.TryParseUrl($"stun:{new string('a', 254)}", null, null));
        Assert.NotNull(IceServer.TryParseUrl($"stun:{new string('a', 253)}", null, null));
        Assert.Null(IceServer.TryParseUrl("turn:192.0.2.1", new string('u', 510), "p"));
        Assert.Null(IceServer.TryParseUrl("turn:192.0.2.1", "u", new string('é', 255))); // 510 bytes in UTF-8
        Assert.NotNull(IceServer.TryParseUrl("turn:192.0.2.1", new string('u', 509), new string('p', 509)));
    }
}
