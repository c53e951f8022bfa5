using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using PiCam.Tests.Support;
using PiCam.Tests.WebRtc.Sdp;
using PiCam.WebRtc.Stun;

namespace PiCam.Tests.WebRtc.Whep;

/// <summary><c>/whep</c> and the shared WebRTC UDP port against hostile input, on loopback (no media flows here).</summary>
[Trait("Category", "Integration")]
public sealed class WhepEndpointTests
{
    public static TheoryData<string, string> HostileOffers => new()
    {
        { "garbage", "hello, camera" },
        { "no video", BrowserOffers.Chrome[..BrowserOffers.Chrome.IndexOf("m=video", StringComparison.Ordinal)] },
        { "no H.264", BrowserOffers.Chrome.Replace("H264/90000", "VP9/90000", StringComparison.Ordinal) },
        { "oversized", BrowserOffers.Chrome + string.Concat(Enumerable.Repeat("a=x-filler:" + new string('z', 1000) + "\r\n", 80)) },
        { "control characters", BrowserOffers.Chrome.Replace("a=mid:1", "a=mid:1\u0001", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(HostileOffers))]
    public async Task Whep_HostileOffer_Gets400WithAOneLineReasonAndNoSession(string what, string offer)
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        using var response = await PostOfferAsync(client, offer);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Single(body.TrimEnd('\n').Split('\n'));
        Assert.EndsWith(".", body.TrimEnd('\n'), StringComparison.Ordinal);
        Assert.Equal(0, await SessionsAsync(client));
    }

    [Fact]
    public async Task Whep_WrongMethodsAndTypes_GetTheirStatusCodes()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        using var plain = await client.PostAsync("whep", new StringContent(BrowserOffers.Chrome, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        using var patch = await client.PatchAsync("whep/abc", new StringContent("a=candidate:1", Encoding.UTF8, "application/trickle-ice-sdpfrag"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, patch.StatusCode);
        using var unknown = await client.DeleteAsync("whep/no-such-session");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Whep_BeyondMaxSessions_IsRefusedWithASentence_AndDeleteFreesTheSlot()
    {
        await using var server = await StartAsync(new() { ["WEBRTC_MAX_SESSIONS"] = "1" });
        using var client = server.CreateClient();
        using var first = await PostOfferAsync(client, BrowserOffers.Chrome);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("application/sdp", first.Content.Headers.ContentType?.MediaType);
        var location = first.Headers.Location!.OriginalString;
        Assert.StartsWith("/whep/", location, StringComparison.Ordinal);
        Assert.Contains("a=ice-lite", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var second = await PostOfferAsync(client, BrowserOffers.Chrome);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Contains("WEBRTC_MAX_SESSIONS", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var deleted = await client.DeleteAsync(location.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True(await EventuallyAsync(async () => await SessionsAsync(client) == 0), "DELETE did not end the session");
        using var third = await PostOfferAsync(client, BrowserOffers.Chrome);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
    }

    [Fact]
    public async Task Whep_AnOfferNobodyFollowsUp_EndsBeforeTheConsentTimeout()
    {
        await using var server = await StartAsync();
        using var client = server.CreateClient();
        using var offered = await PostOfferAsync(client, BrowserOffers.Chrome);
        Assert.Equal(HttpStatusCode.Created, offered.StatusCode);
        Assert.Equal(1, await SessionsAsync(client));
        // No ICE check and no DTLS: the handshake gives up after 10 s, well inside the 30 s consent timeout.
        Assert.True(await EventuallyAsync(async () => await SessionsAsync(client) == 0, TimeSpan.FromSeconds(40)), server.Output);
    }

    [Fact]
    public async Task WebRtcPort_GarbageDatagrams_DoNotCrashIt_AndWrongIcePasswordsGet401()
    {
        var udpPort = FreeUdpPort();
        await using var server = await StartAsync(udpPort: udpPort);
        using var client = server.CreateClient();
        using var offered = await PostOfferAsync(client, BrowserOffers.Chrome);
        var answer = await offered.Content.ReadAsStringAsync();
        var ufrag = answer.Split("\r\n").First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];

        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, udpPort);
        var random = new Random(1234);
        foreach (var first in new byte[] { 0, 1, 22, 23, 128, 144, 200, 255 })
        {
            for (var i = 0; i < 50; i++)
            {
                var datagram = new byte[random.Next(1, 1400)];
                random.NextBytes(datagram);
                datagram[0] = first;
                await udp.SendAsync(datagram, target);
            }
        }

        // A well-formed check with our ufrag but the wrong password: answered 401, as RFC 8489 says.
        var request = new byte[256];
        var writer = new StunMessageWriter(request, StunConstants.BindingMethod, StunClass.Request, RandomTransactionId());
        writer.AddUsername($"{ufrag}:remote");
        writer.AddPriority(12345);
        writer.AddMessageIntegrity(StunCredentials.ShortTermKey("not-the-password-at-all"));
        writer.AddFingerprint();
        await udp.SendAsync(request.AsMemory(0, writer.Length), target);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reply = await udp.ReceiveAsync(wait.Token);
        Assert.True(StunMessage.TryParse(reply.Buffer, out var message));
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.True(message.TryGetErrorCode(out var code, out _));
        Assert.Equal(401, code);

        Assert.False(server.HasExited, server.Output);
        Assert.Equal(1, await SessionsAsync(client));
        using var again = await PostOfferAsync(client, BrowserOffers.Chrome);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task Whep_WithAViewerLogin_RefusesAnOfferWithoutCredentials()
    {
        await using var server = await PiCam.Tests.Integration.LoginTests.StartAsync(new()
        {
            ["VIEWER_USER"] = "viewer", ["VIEWER_PASSWORD"] = "Secret-Whep-42", ["WEBRTC_PORT"] = FreeUdpPort().ToString(CultureInfo.InvariantCulture),
        });
        using var client = server.CreateClient();
        using var response = await PostOfferAsync(client, BrowserOffers.Chrome);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("ice-ufrag", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<ServerProcess> StartAsync(Dictionary<string, string>? env = null, int? udpPort = null)
    {
        env ??= [];
        env["WEBRTC_PORT"] = (udpPort ?? FreeUdpPort()).ToString(CultureInfo.InvariantCulture);
        return await ServerProcess.StartAsync(env);
    }

    internal static Task<HttpResponseMessage> PostOfferAsync(HttpClient client, string offer)
    {
        var content = new StringContent(offer, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/sdp");
        return client.PostAsync("whep", content);
    }

    private static async Task<int> SessionsAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync("status"))!["webrtc"]!["sessions"]!.GetValue<int>();

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + PicamBinary.Scaled(timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    private static byte[] RandomTransactionId()
    {
        var id = new byte[StunConstants.TransactionIdLength];
        Random.Shared.NextBytes(id);
        return id;
    }

    internal static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
