using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Turn;

namespace PiCam.WebRtc.Ice;

/// <summary>
/// Gathering (RFC 8445 §5.1.1): the host candidates are in the answer already; here a server-reflexive one
/// from each STUN server, asked from the host socket, and a relayed one from the first TURN server, each
/// trickled as soon as it is known, then end-of-candidates. A server that does not answer costs only itself.
/// </summary>
internal sealed partial class IceAgent
{
    private static readonly StunRetransmission GatherSchedule = new(TimeSpan.FromMilliseconds(250), 4, 4); // gives up after 2.75 s
    private static readonly StunRetransmission RelaySchedule = new(TimeSpan.FromMilliseconds(250), 5, 4); // 4.75 s a request: gathering ends soon
    private Task _relayLoop = Task.CompletedTask;

    private async Task GatherAsync(CancellationToken token)
    {
        var started = _time.GetTimestamp();
        var known = new HashSet<IPEndPoint>(_hostCandidates);
        var gathered = 0;
        try
        {
            var stun = _servers.Where(s => !s.IsTurn).Take(2).Select(s => ReflexiveAsync(s, token)).ToList();
            var turn = _servers.FirstOrDefault(s => s.IsTurn) is { } server ? RelayAsync(server, token) : Task.FromResult<Turn.TurnAllocation?>(null);
            // Foundations: the answer's host candidates are 1..n; one per STUN server and one for the relay after them (RFC 8445 §5.1.1.3).
            for (var i = 0; i < stun.Count; i++)
            {
                if (await stun[i].ConfigureAwait(false) is { } mapped && known.Add(mapped))
                {
                    gathered++;
                    await Trickle(new IceCandidate($"10{i + 1}", IcePriority.Of(IceCandidateType.ServerReflexive), mapped, IceCandidateType.ServerReflexive, _hostBase)).ConfigureAwait(false);
                }
            }

            if (await turn.ConfigureAwait(false) is { } allocation)
            {
                gathered++;
                await Trickle(new IceCandidate("201", IcePriority.Of(IceCandidateType.Relayed), allocation.Relayed, IceCandidateType.Relayed, allocation.Mapped)).ConfigureAwait(false);
            }

            await _trickle(null).ConfigureAwait(false);
            IceLog.GatheringDone(_logger, _session.Id, gathered, _time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task Trickle(IceCandidate candidate)
    {
        IceLog.Gathered(_logger, _session.Id, candidate.Type, candidate.Address);
        await _trickle(candidate).ConfigureAwait(false);
    }

    private async Task<IPEndPoint?> ReflexiveAsync(IceServer server, CancellationToken token)
    {
        try
        {
            var address = await ResolveAsync(server, token).ConfigureAwait(false);
            var transactionId = RandomNumberGenerator.GetBytes(StunConstants.TransactionIdLength);
            var request = new byte[IceCheckRequest.MaxLength];
            var length = IceCheckRequest.WriteBinding(request, transactionId);
            var to = new Udp.DatagramRoute(_host, address);
            var raw = await _transactions.RunAsync(transactionId, request.AsMemory(0, length), (m, _) =>
            {
                to.Send(m.Span);
                return ValueTask.CompletedTask;
            }, token, GatherSchedule).ConfigureAwait(false);
            if (raw is null)
            {
                IceLog.ServerFailed(_logger, _session.Id, server.ToString(), $"no answer in {GatherSchedule.Total.TotalSeconds:0.##} s");
                return null;
            }

            if (!StunMessage.TryParse(raw, out var response) || response.Class != StunClass.SuccessResponse
                || !response.TryGetXorMappedAddress(out var mapped) || mapped is null)
            {
                IceLog.ServerFailed(_logger, _session.Id, server.ToString(), "its answer has no XOR-MAPPED-ADDRESS");
                return null;
            }

            return mapped;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IceLog.ServerFailed(_logger, _session.Id, server.ToString(), ex.Message); // a name DNS refuses, an unreachable network
            return null;
        }
    }

    private async Task<TurnAllocation?> RelayAsync(IceServer server, CancellationToken token)
    {
        TurnClient? relay = null;
        try
        {
            var address = await ResolveAsync(server, token).ConfigureAwait(false);
            relay = new TurnClient(OpenSocket(_hostBase.Address), address, server.Username!, server.Credential!, _logger, _time, RelaySchedule);
            var allocation = await relay.AllocateAsync(token).ConfigureAwait(false);
            List<IPEndPoint> remotes;
            lock (_gate)
            {
                _relay = relay;
                remotes = [.. _remotes];
                _pairs.AddRange(remotes.Select(r => new IcePair(relayed: true, r)));
            }

            _relayLoop = Task.Run(() => ReceiveRelayAsync(relay, token), CancellationToken.None);
            foreach (var remote in remotes)
            {
                _ = BindChannelAsync(relay, remote, token);
            }

            return allocation;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IceLog.ServerFailed(_logger, _session.Id, server.ToString(), ex.Message);
            if (relay is not null && _relay != relay)
            {
                await relay.DisposeAsync().ConfigureAwait(false);
            }

            return null;
        }
        catch (OperationCanceledException)
        {
            if (relay is not null && _relay != relay)
            {
                await relay.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>ChannelBind also installs the permission (RFC 8656 §12): after it, the viewer's address may reach our relay.</summary>
    private async Task BindChannelAsync(TurnClient relay, IPEndPoint remote, CancellationToken token)
    {
        try
        {
            await relay.BindChannelAsync(remote, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TurnException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            IceLog.ChannelFailed(_logger, _session.Id, remote, ex.Message);
        }
    }

    private async Task<IPEndPoint> ResolveAsync(IceServer server, CancellationToken token)
    {
        if (IPAddress.TryParse(server.Host, out var literal))
        {
            return new IPEndPoint(literal, server.Port);
        }

        var addresses = await Dns.GetHostAddressesAsync(server.Host, _hostBase.AddressFamily, token).ConfigureAwait(false);
        return addresses.Length > 0 ? new IPEndPoint(addresses[0], server.Port)
            : throw new SocketException((int)SocketError.HostNotFound);
    }
}
