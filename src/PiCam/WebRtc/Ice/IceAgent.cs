using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Turn;
using PiCam.WebRtc.Udp;
using PiCam.WebRtc.Whep;

namespace PiCam.WebRtc.Ice;

/// <summary>
/// Full ICE (RFC 8445) for one session, in the controlled role (the viewer offered, so it controls and
/// nominates): its own host socket, a server-reflexive candidate from each STUN server and a relayed one from
/// a TURN server (<see cref="TurnClient"/>), trickled out as they come; the viewer's trickled candidates paired
/// with our host socket and our relay and checked, paced; the viewer's checks answered along the route they
/// came by (the session adopts the first, then the nominated one); and consent kept on the adopted route
/// (RFC 7675). Everything that arrives, on either base, is handed to the <see cref="WebRtcSession"/>.
/// </summary>
internal sealed partial class IceAgent : IAsyncDisposable
{
    public const int MaxRemoteCandidates = 32;

    private readonly WebRtcSession _session;
    private readonly Socket _host;
    private readonly IPEndPoint _hostBase;
    private readonly IReadOnlyList<IPEndPoint> _hostCandidates;
    private readonly IReadOnlyList<IceServer> _servers;
    private readonly Func<IceCandidate?, Task> _trickle;
    private readonly Action<string> _end;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StunTransactions _transactions;
    private readonly byte[] _remoteKey;
    private readonly ulong _tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private readonly CancellationTokenSource _stop;
    private readonly Lock _gate = new();
    private readonly List<IcePair> _pairs = [];
    private readonly List<IPEndPoint> _remotes = [];
    private readonly Channel<IcePair> _triggered = Channel.CreateBounded<IcePair>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
    private TurnClient? _relay;
    private readonly Lock _dispatch = new();
    private readonly HashSet<IPEndPoint> _verified = [];
    private Task _run = Task.CompletedTask;

    public IceAgent(WebRtcSession session, Socket host, IReadOnlyList<IPEndPoint> hostCandidates, IReadOnlyList<IceServer> servers,
        Func<IceCandidate?, Task> trickle, Action<string> end, TimeProvider time, ILogger logger)
    {
        _session = session;
        _host = host;
        _hostBase = (IPEndPoint)host.LocalEndPoint!;
        _hostCandidates = hostCandidates;
        _servers = servers;
        _trickle = trickle;
        _end = end;
        _time = time;
        _logger = logger;
        _transactions = new StunTransactions(CheckSchedule, time);
        _remoteKey = StunCredentials.ShortTermKey(session.Offer.IcePwd);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(session.Stopping);
    }

    /// <summary>A UDP socket for one session's host candidates: BIND's address, a port of the system's choosing.</summary>
    public static Socket OpenSocket(IPAddress bind)
    {
        var socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(bind, 0));
            socket.ReceiveBufferSize = 1 << 20;
            socket.SendBufferSize = 1 << 20;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts receiving, gathering, checking and keeping consent, until the session stops or this is disposed.</summary>
    public void Start()
    {
        var token = _stop.Token;
        _run = Task.WhenAll(
            Task.Run(() => ReceiveHostAsync(token)),
            Task.Run(() => GatherAsync(token)),
            Task.Run(() => CheckAsync(token)),
            Task.Run(() => KeepConsentAsync(token)));
    }

    /// <summary>A candidate the viewer trickled: paired with our host socket and, once it exists, our relay.</summary>
    public void AddRemote(string? text)
    {
        if (!IceCandidate.TryParse(text, out var candidate, out var why))
        {
            IceLog.RemoteIgnored(_logger, _session.Id, Config.Printable.Text(why, 200));
            return;
        }

        if (candidate!.Address.AddressFamily != _hostBase.AddressFamily)
        {
            IceLog.RemoteIgnored(_logger, _session.Id, $"{candidate.Address} is not of this device's address family.");
            return;
        }

        AddPairs(candidate.Address);
    }

    private void AddPairs(IPEndPoint remote)
    {
        TurnClient? relay;
        lock (_gate)
        {
            if (_remotes.Contains(remote) || _remotes.Count >= MaxRemoteCandidates)
            {
                return;
            }

            _remotes.Add(remote);
            _pairs.Add(new IcePair(relayed: false, remote));
            relay = _relay;
            if (relay is not null)
            {
                _pairs.Add(new IcePair(relayed: true, remote));
            }
        }

        if (relay is not null)
        {
            _ = BindChannelAsync(relay, remote, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_run, _relayLoop).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            IceLog.Failed(_logger, _session.Id, ex.Message); // a defect, but the sockets and the relay are still let go
        }
        finally
        {
            if (_relay is { } relay)
            {
                await relay.DisposeAsync().ConfigureAwait(false); // Deallocate: the relay is freed now, not at its lifetime's end
            }

            _host.Dispose();
            _stop.Dispose();
        }
    }
}
