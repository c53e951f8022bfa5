using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PiCam.WebRtc.Stun;

namespace PiCam.WebRtc.Turn;

/// <summary>
/// A TURN client over one UDP socket (RFC 8656): Allocate a relayed address, let peers in with
/// CreatePermission, talk to them through Send/Data indications or, once bound, 4-byte-header ChannelData,
/// keep everything renewed in the background, and Deallocate on dispose. Requests are retransmitted
/// (<see cref="StunRetransmission"/>); what a peer sends arrives on <see cref="Received"/>. The socket is
/// the client's from the constructor on.
/// </summary>
internal sealed partial class TurnClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly LongTermCredentials _credentials;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly StunRetransmission _retransmission;
    private readonly StunTransactions _transactions;
    private readonly TurnRefreshPlan _plan = new();
    private readonly Channel<TurnPeerDatagram> _received =
        Channel.CreateBounded<TurnPeerDatagram>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly ConcurrentDictionary<ushort, IPEndPoint> _channelPeers = new();
    private readonly ConcurrentDictionary<IPEndPoint, ushort> _peerChannels = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _stopMaintenance = new();
    private readonly Task _receiveLoop;
    private Task? _maintenance;
    private int _nextChannel = ChannelData.FirstChannel - 1;
    private int _disposed;

    public TurnClient(Socket socket, IPEndPoint server, string username, string password, ILogger logger,
        TimeProvider? time = null, StunRetransmission? retransmission = null)
    {
        _socket = socket;
        _server = server;
        _credentials = new LongTermCredentials(username, password);
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _retransmission = retransmission ?? StunRetransmission.Default;
        _transactions = new StunTransactions(_retransmission, _time);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint Server => _server;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public TurnAllocation? Allocation { get; private set; }

    public ChannelReader<TurnPeerDatagram> Received => _received.Reader;

    /// <summary>Datagrams that were not a valid answer, indication or ChannelData from the server.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public async Task<TurnAllocation> AllocateAsync(CancellationToken token)
    {
        var raw = await RequestAsync(TurnMethod.Allocate,
            (ref StunMessageWriter w) => w.AddRequestedTransport(StunTurnAttributeWriter.UdpProtocol), token).ConfigureAwait(false);
        var allocation = ReadAllocation(raw) ?? throw new TurnException(0,
            "The TURN server's Allocate answer has no relayed address or lifetime: it is not speaking RFC 8656.");
        Allocation = allocation;
        _plan.Allocated(_time.GetUtcNow(), allocation.Lifetime);
        _maintenance ??= MaintainAsync(_stopMaintenance.Token);
        TurnLog.Allocated(_logger, _server, allocation.Relayed, (int)allocation.Lifetime.TotalSeconds);
        return allocation;
    }

    /// <summary>Lets <paramref name="peer"/> send to the relayed address, and us to it (permissions are per IP, not port).</summary>
    public async Task CreatePermissionAsync(IPAddress peer, CancellationToken token)
    {
        var endPoint = new IPEndPoint(peer, 0);
        await RequestAsync(TurnMethod.CreatePermission, (ref StunMessageWriter w) => w.AddXorPeerAddress(endPoint), token).ConfigureAwait(false);
        _plan.Permitted(peer, _time.GetUtcNow());
    }

    /// <summary>Binds a channel to <paramref name="peer"/> (once; the number is kept) so data to and from it travels as ChannelData.</summary>
    public async Task<ushort> BindChannelAsync(IPEndPoint peer, CancellationToken token)
    {
        if (_peerChannels.TryGetValue(peer, out var existing))
        {
            return existing;
        }

        var next = Interlocked.Increment(ref _nextChannel);
        if (next > ChannelData.LastAssignedChannel)
        {
            throw new TurnException(0, "This TURN allocation has used every channel number (0x4000-0x4FFF): allocate again.");
        }

        var channel = (ushort)next;
        // Known before the answer, so ChannelData the server sends right after it is not dropped.
        _channelPeers[channel] = peer;
        try
        {
            await SendChannelBindAsync(channel, peer, token).ConfigureAwait(false);
        }
        catch
        {
            _channelPeers.TryRemove(channel, out _);
            throw;
        }

        _peerChannels[peer] = channel;
        TurnLog.ChannelBound(_logger, channel, peer);
        return channel;
    }

    /// <summary>Sends to a permitted peer: ChannelData when a channel is bound to it, a Send indication otherwise.</summary>
    public async ValueTask SendAsync(IPEndPoint peer, ReadOnlyMemory<byte> data, CancellationToken token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(data.Length + 64);
        try
        {
            var length = _peerChannels.TryGetValue(peer, out var channel)
                ? ChannelData.Write(channel, data.Span, buffer)
                : WriteSendIndication(peer, data.Span, buffer);
            await _socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, _server, token).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The route to <paramref name="peer"/> as ChannelData, once a channel is bound to it; else null.</summary>
    public Udp.DatagramRoute? RouteTo(IPEndPoint peer) =>
        _peerChannels.TryGetValue(peer, out var channel) ? new Udp.DatagramRoute(_socket, _server, peer, channel) : null;

    /// <summary>Renews the allocation; <paramref name="lifetimeSeconds"/> null asks for the server's default. Returns the granted lifetime.</summary>
    public async Task<TimeSpan> RefreshAsync(uint? lifetimeSeconds, CancellationToken token)
    {
        var raw = await RequestAsync(TurnMethod.Refresh, (ref StunMessageWriter w) =>
        {
            if (lifetimeSeconds is { } seconds)
            {
                w.AddLifetime(seconds);
            }
        }, token).ConfigureAwait(false);
        var lifetime = ReadLifetime(raw) ?? TimeSpan.FromSeconds(lifetimeSeconds ?? 600);
        _plan.Allocated(_time.GetUtcNow(), lifetime);
        TurnLog.Refreshed(_logger, _server, (int)lifetime.TotalSeconds);
        return lifetime;
    }

    /// <summary>Releases the allocation now (a Refresh with LIFETIME 0), rather than letting it time out.</summary>
    public async Task DeallocateAsync(CancellationToken token)
    {
        _plan.Clear();
        if (Allocation is null)
        {
            return;
        }

        Allocation = null;
        await RequestAsync(TurnMethod.Refresh, (ref StunMessageWriter w) => w.AddLifetime(0), token).ConfigureAwait(false);
        _peerChannels.Clear();
        _channelPeers.Clear();
        TurnLog.Deallocated(_logger, _server);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopMaintenance.CancelAsync().ConfigureAwait(false);
        if (_maintenance is not null)
        {
            await _maintenance.ConfigureAwait(false);
        }

        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time))
        {
            try
            {
                await DeallocateAsync(bound.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TurnException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                TurnLog.DeallocateFailed(_logger, _server, e.Message);
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        _received.Writer.TryComplete();
        _stop.Dispose();
        _stopMaintenance.Dispose();
    }

    private async ValueTask SendToServerAsync(ReadOnlyMemory<byte> datagram, CancellationToken token) =>
        await _socket.SendToAsync(datagram, SocketFlags.None, _server, token).ConfigureAwait(false);

    private async Task SendChannelBindAsync(ushort channel, IPEndPoint peer, CancellationToken token)
    {
        await RequestAsync(TurnMethod.ChannelBind, (ref StunMessageWriter w) =>
        {
            w.AddChannelNumber(channel);
            w.AddXorPeerAddress(peer);
        }, token).ConfigureAwait(false);
        _plan.Bound(channel, peer, _time.GetUtcNow());
    }
}
