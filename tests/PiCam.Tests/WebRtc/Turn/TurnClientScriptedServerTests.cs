using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.WebRtc.Turn;

/// <summary>
/// The client against a plain UDP socket playing the server, for what coturn will not do on cue: stay
/// silent, call a nonce stale at once, or send garbage and forged answers from its own address.
/// </summary>
public sealed class TurnClientScriptedServerTests : IDisposable
{
    private const string Realm = "scripted.test";
    private const string Username = "1:scripted";
    private const string Password = "pw";
    private static readonly IPEndPoint Relayed = new(IPAddress.Parse("192.0.2.50"), 50000);

    private readonly Socket _server = Loopback();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly HashSet<string> _seen = [];

    public void Dispose()
    {
        _server.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task ASilentServer_GetsTheSameRequestOnTheSchedule_ThenASentenceAboutTheUrlAndUdp()
    {
        var schedule = new StunRetransmission(TimeSpan.FromMilliseconds(20), 4, 2);
        await using var client = new TurnClient(Loopback(), EndPointOf(_server), Username, Password, NullLogger.Instance, retransmission: schedule);

        var failure = await Assert.ThrowsAsync<TurnException>(() => client.AllocateAsync(_timeout.Token));
        var received = new List<byte[]>();
        while (_server.Available > 0)
        {
            received.Add((await ReceiveAsync()).Bytes);
        }

        Assert.Equal(0, failure.Code);
        Assert.Equal($"The TURN server at {EndPointOf(_server)} did not answer Allocate after 4 tries: check the ice_servers URL and that UDP to it is not blocked.", failure.Message);
        Assert.Equal(4, received.Count);
        Assert.All(received, r => Assert.Equal(received[0], r));
    }

    [Fact]
    public async Task Unauthorized_ThenStaleNonce_ThenSuccess_AllocatesWithTheNewestNonce_ThroughGarbageAndAForgery()
    {
        await using var client = new TurnClient(Loopback(), EndPointOf(_server), Username, Password, NullLogger.Instance);
        var allocating = client.AllocateAsync(_timeout.Token);
        var key = StunCredentials.LongTermKey(Username, Realm, Password);

        var (bare, from) = await ReceiveRequestAsync();
        await SendGarbageAsync(from, bare);
        await AnswerAsync(from, bare, StunClass.ErrorResponse, (ref w) => { w.AddErrorCode(401, "Unauthorized"); w.AddRealm(Realm); w.AddNonce("nonce-1"); });
        var (signed, _) = await ReceiveRequestAsync();
        await AnswerAsync(from, signed, StunClass.ErrorResponse, (ref w) => { w.AddErrorCode(438, "Stale Nonce"); w.AddNonce("nonce-2"); });
        var (resigned, _) = await ReceiveRequestAsync();
        await AnswerAsync(from, resigned, StunClass.SuccessResponse, (ref w) => { w.AddXorRelayedAddress(new IPEndPoint(IPAddress.Loopback, 1)); w.AddLifetime(1); w.AddMessageIntegrity(new byte[16]); });
        await AnswerAsync(from, resigned, StunClass.SuccessResponse, (ref w) => { w.AddXorRelayedAddress(Relayed); w.AddLifetime(600); w.AddMessageIntegrity(key); });
        var allocation = await allocating;

        Assert.Equal(Relayed, allocation.Relayed);
        Assert.Equal(TimeSpan.FromSeconds(600), allocation.Lifetime);
        Assert.Null(NonceOf(bare));
        Assert.Equal("nonce-1", NonceOf(signed));
        Assert.Equal("nonce-2", NonceOf(resigned));
        Assert.True(Verifies(resigned, key));
        Assert.Equal(GarbageCount + 1, client.Dropped); // the garbage, and the forged answer
    }

    [Fact]
    public async Task ASecondUnauthorized_ToASignedRequest_IsTheCredentialsRefusal()
    {
        await using var client = new TurnClient(Loopback(), EndPointOf(_server), Username, Password, NullLogger.Instance);
        var allocating = client.AllocateAsync(_timeout.Token);

        var (bare, from) = await ReceiveRequestAsync();
        await AnswerAsync(from, bare, StunClass.ErrorResponse, (ref w) => { w.AddErrorCode(401, "Unauthorized"); w.AddRealm(Realm); w.AddNonce("n"); });
        var (signed, _) = await ReceiveRequestAsync();
        await AnswerAsync(from, signed, StunClass.ErrorResponse, (ref w) => { w.AddErrorCode(401, "Unauthorized"); w.AddRealm(Realm); w.AddNonce("n"); });

        var refusal = await Assert.ThrowsAsync<TurnException>(() => allocating);
        Assert.Contains("check the ice_servers username and credential", refusal.Message, StringComparison.Ordinal);
    }

    private const int GarbageCount = 6;

    /// <summary>Six datagrams from the server's own address that must change nothing.</summary>
    private async Task SendGarbageAsync(IPEndPoint client, byte[] request)
    {
        var random = new byte[300];
        new Random(7).NextBytes(random);
        random[0] = 0x00; // looks like STUN's first bits
        await _server.SendToAsync(random, client);
        await _server.SendToAsync(request.AsMemory(0, 19), client); // a truncated header
        await _server.SendToAsync(new byte[] { 0x40, 0x10, 0x00, 0x02, 1, 2 }, client); // ChannelData, channel not bound
        await _server.SendToAsync(new byte[] { 0x40, 0x10, 0x40, 0x00 }, client); // ChannelData longer than itself
        var wrongId = (byte[])request.Clone();
        wrongId[19] ^= 0xFF;
        await AnswerAsync(client, wrongId, StunClass.SuccessResponse, (ref w) => w.AddLifetime(5)); // no request waits for it
        var badFingerprint = Answer(request, StunClass.ErrorResponse, (ref w) => { w.AddErrorCode(401, "x"); w.AddRealm("evil"); w.AddNonce("evil"); });
        badFingerprint[^1] ^= 0xFF;
        await _server.SendToAsync(badFingerprint, client);
    }

    private delegate void Attributes(ref StunMessageWriter writer);

    private async Task AnswerAsync(IPEndPoint client, byte[] request, StunClass answerClass, Attributes attributes) =>
        await _server.SendToAsync(Answer(request, answerClass, attributes), client);

    private static byte[] Answer(byte[] request, StunClass answerClass, Attributes attributes)
    {
        Assert.True(StunMessage.TryParse(request, out var parsed));
        var writer = new StunMessageWriter(new byte[512], parsed.Method, answerClass, parsed.TransactionId);
        attributes(ref writer);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    private static string? NonceOf(byte[] request)
    {
        Assert.True(StunMessage.TryParse(request, out var message));
        return message.TryGetNonce(out var nonce) ? nonce : null;
    }

    private static bool Verifies(byte[] request, byte[] key) => StunMessage.TryParse(request, out var m) && m.VerifyMessageIntegrity(key);

    /// <summary>The next request; a retransmission of one already seen (a loaded machine is slow to answer) is skipped.</summary>
    private async Task<(byte[] Bytes, IPEndPoint From)> ReceiveRequestAsync()
    {
        while (true)
        {
            var (bytes, from) = await ReceiveAsync();
            if (_seen.Add(Convert.ToHexString(bytes, 8, 12)))
            {
                return (bytes, from);
            }
        }
    }

    private async Task<(byte[] Bytes, IPEndPoint From)> ReceiveAsync()
    {
        var buffer = new byte[2048];
        var result = await _server.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _timeout.Token);
        return (buffer[..result.ReceivedBytes], (IPEndPoint)result.RemoteEndPoint);
    }

    private static Socket Loopback()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static IPEndPoint EndPointOf(Socket socket) => (IPEndPoint)socket.LocalEndPoint!;
}
