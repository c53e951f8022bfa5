using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using PiCam.Tests.Support;
using PiCam.WebRtc.Turn;

namespace PiCam.Tests.WebRtc.Turn;

/// <summary>The TURN client against a real coturn on loopback, with a plain UDP socket as the peer.</summary>
public sealed class CoturnClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private Coturn _coturn = null!;

    public async Task InitializeAsync() => _coturn = await Coturn.StartAsync();

    public async Task DisposeAsync()
    {
        await _coturn.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Allocate_WithRestCredentials_GivesALoopbackRelayedAddressAndALifetime()
    {
        await using var client = Client(_coturn.Credentials());

        var allocation = await client.AllocateAsync(Timeout());

        Assert.Equal(IPAddress.Loopback, allocation.Relayed.Address);
        Assert.NotEqual(0, allocation.Relayed.Port);
        Assert.NotEqual(_coturn.EndPoint.Port, allocation.Relayed.Port);
        Assert.True(allocation.Lifetime > TimeSpan.Zero);
        Assert.Equal(IPAddress.Loopback, allocation.Mapped?.Address);
    }

    [Fact]
    public async Task SendIndication_ReachesThePeer_AndThePeersReplyComesBackAsAData_Indication()
    {
        await using var client = Client(_coturn.Credentials());
        using var peer = LoopbackSocket();
        var allocation = await client.AllocateAsync(Timeout());
        await client.CreatePermissionAsync(IPAddress.Loopback, Timeout());

        await client.SendAsync(EndPointOf(peer), "hello via send"u8.ToArray(), Timeout());
        var (text, relayedFrom) = await ReceiveTextAsync(peer);
        await peer.SendToAsync("reply via data"u8.ToArray(), relayedFrom);
        var reply = await client.Received.ReadAsync(Timeout());

        Assert.Equal("hello via send", text);
        Assert.Equal(allocation.Relayed, relayedFrom);
        Assert.Equal("reply via data", System.Text.Encoding.UTF8.GetString(reply.Data));
        Assert.Equal(EndPointOf(peer), reply.Peer);
        Assert.Equal(0, reply.Channel);
    }

    [Fact]
    public async Task ChannelData_ReachesThePeer_AndThePeersReplyComesBackOnTheChannel()
    {
        await using var client = Client(_coturn.Credentials());
        using var peer = LoopbackSocket();
        var allocation = await client.AllocateAsync(Timeout());

        var channel = await client.BindChannelAsync(EndPointOf(peer), Timeout());
        await client.SendAsync(EndPointOf(peer), "hello via channel"u8.ToArray(), Timeout());
        var (text, relayedFrom) = await ReceiveTextAsync(peer);
        await peer.SendToAsync("reply via channel"u8.ToArray(), relayedFrom);
        var reply = await client.Received.ReadAsync(Timeout());

        Assert.InRange(channel, (ushort)0x4000, (ushort)0x4FFF);
        Assert.Equal("hello via channel", text);
        Assert.Equal(allocation.Relayed, relayedFrom);
        Assert.Equal("reply via channel", System.Text.Encoding.UTF8.GetString(reply.Data));
        Assert.Equal(channel, reply.Channel);
        Assert.Equal(EndPointOf(peer), reply.Peer);
    }

    [Fact]
    public async Task Allocate_WithAWrongPassword_IsRefusedWithASentenceNamingTheIceServersCredentials()
    {
        var (username, _) = _coturn.Credentials();
        await using var client = Client((username, "not-the-password"));

        var refusal = await Assert.ThrowsAsync<TurnException>(() => client.AllocateAsync(Timeout()));

        Assert.Equal(401, refusal.Code);
        Assert.Equal("The TURN server refused the credentials (401): check the ice_servers username and credential.", refusal.Message);
    }

    [Fact]
    public async Task Allocate_WithExpiredRestCredentials_IsRefused()
    {
        await using var client = Client(_coturn.Credentials(validFor: TimeSpan.FromMinutes(-5)));

        var refusal = await Assert.ThrowsAsync<TurnException>(() => client.AllocateAsync(Timeout()));

        Assert.Equal(401, refusal.Code);
    }

    [Fact]
    public async Task Refresh_GrantsTheLifetimeAsked_AndTheRelayStillCarriesData()
    {
        await using var client = Client(_coturn.Credentials());
        using var peer = LoopbackSocket();
        await client.AllocateAsync(Timeout());
        await client.CreatePermissionAsync(IPAddress.Loopback, Timeout());

        var lifetime = await client.RefreshAsync(1200, Timeout());
        await client.SendAsync(EndPointOf(peer), "after refresh"u8.ToArray(), Timeout());

        Assert.Equal(TimeSpan.FromSeconds(1200), lifetime);
        Assert.Equal("after refresh", (await ReceiveTextAsync(peer)).Text);
    }

    [Fact]
    public async Task Dispose_Deallocates_SoCoturnFreesIt_AndTheSameLocalPortCanAllocateAgain()
    {
        var credentials = _coturn.Credentials();
        var socket = LoopbackSocket();
        var local = EndPointOf(socket);
        var first = new TurnClient(socket, _coturn.EndPoint, credentials.Username, credentials.Password, NullLogger.Instance);
        await first.AllocateAsync(Timeout());

        await first.DisposeAsync();

        Assert.True(await _coturn.WaitForLogAsync(Coturn.ClosedSessionLogText(local), Patience), _coturn.Log);
        await using var second = Client(credentials, local.Port);
        Assert.NotNull((await second.AllocateAsync(Timeout())).Relayed);
    }

    [Fact]
    public async Task WithoutDeallocate_CoturnKeepsTheAllocation_AndTheSameLocalPortIsRefused437()
    {
        // The control for the test above: coturn keeps an allocation per 5-tuple until it is released or expires.
        var credentials = _coturn.Credentials();
        var socket = LoopbackSocket();
        var local = EndPointOf(socket);
        var first = new TurnClient(socket, _coturn.EndPoint, credentials.Username, credentials.Password, NullLogger.Instance);
        await first.AllocateAsync(Timeout());
        socket.Dispose(); // The Refresh(0) of DisposeAsync cannot leave any more.
        await first.DisposeAsync();

        Assert.False(await _coturn.WaitForLogAsync(Coturn.ClosedSessionLogText(local), TimeSpan.FromSeconds(3)));
        await using var second = Client(credentials, local.Port);
        var refusal = await Assert.ThrowsAsync<TurnException>(() => second.AllocateAsync(Timeout()));
        Assert.Equal(437, refusal.Code);
    }

    [Fact]
    public async Task Refresh_AfterCoturnsNonceWentStale_RetriesWithTheNewNonce()
    {
        await using var coturn = await Coturn.StartAsync("stale-nonce=1");
        var (username, password) = coturn.Credentials();
        await using var client = new TurnClient(LoopbackSocket(), coturn.EndPoint, username, password, NullLogger.Instance);
        await client.AllocateAsync(Timeout());

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var lifetime = await client.RefreshAsync(1200, Timeout());

        Assert.Equal(TimeSpan.FromSeconds(1200), lifetime);
        Assert.Contains("error 438: Stale nonce", coturn.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageFromAnotherSocket_IsDropped_AndTheClientCarriesOn()
    {
        await using var client = Client(_coturn.Credentials());
        using var peer = LoopbackSocket();
        using var stranger = LoopbackSocket();
        await client.AllocateAsync(Timeout());
        var clientEndPoint = client.LocalEndPoint;

        await stranger.SendToAsync(new byte[] { 0x40, 0x00, 0xff, 0xff, 1 }, clientEndPoint);
        await stranger.SendToAsync(new byte[] { 0, 1, 2, 3 }, clientEndPoint);
        await client.CreatePermissionAsync(IPAddress.Loopback, Timeout());
        await client.SendAsync(EndPointOf(peer), "still here"u8.ToArray(), Timeout());

        Assert.Equal("still here", (await ReceiveTextAsync(peer)).Text);
        Assert.True(client.Dropped >= 2, $"{client.Dropped} dropped"); // more if an answer was retransmitted
    }

    private TurnClient Client((string Username, string Password) credentials, int localPort = 0) =>
        new(LoopbackSocket(localPort), _coturn.EndPoint, credentials.Username, credentials.Password, NullLogger.Instance);

    private static Socket LoopbackSocket(int port = 0)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    private static IPEndPoint EndPointOf(Socket socket) => (IPEndPoint)socket.LocalEndPoint!;

    private CancellationToken Timeout() => _timeout.Token;

    private static async Task<(string Text, IPEndPoint From)> ReceiveTextAsync(Socket peer)
    {
        var buffer = new byte[2048];
        using var wait = new CancellationTokenSource(Patience);
        var result = await peer.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
        return (System.Text.Encoding.UTF8.GetString(buffer, 0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint);
    }
}
