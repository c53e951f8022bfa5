using System.Net;
using System.Net.Sockets;
using PiCam.WebRtc.Stun;
using PiCam.WebRtc.Turn;
using PiCam.WebRtc.Udp;

namespace PiCam.WebRtc.Ice;

/// <summary>
/// What arrives, on the host socket or through the relay, one datagram at a time (the session's handlers are
/// single-threaded): checks from the viewer answered, answers to ours matched, and DTLS and SRTCP passed on only
/// from addresses whose checks authenticated. Nothing a peer sends ends a loop.
/// </summary>
internal sealed partial class IceAgent
{
    private long _dropped;

    private async Task ReceiveHostAsync(CancellationToken token)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(2048);
        EndPoint any = new IPEndPoint(_hostBase.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!token.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _host.ReceiveFromAsync(buffer, SocketFlags.None, any, token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                continue; // an ICMP error from an earlier send
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            Dispatch(buffer.AsSpan(0, received.ReceivedBytes), new DatagramRoute(_host, (IPEndPoint)received.RemoteEndPoint), relayed: false);
        }
    }

    private async Task ReceiveRelayAsync(TurnClient relay, CancellationToken token)
    {
        try
        {
            await foreach (var datagram in relay.Received.ReadAllAsync(token).ConfigureAwait(false))
            {
                if (relay.RouteTo(datagram.Peer) is { } route)
                {
                    Dispatch(datagram.Data, route, relayed: true);
                }
                else if (StunMessage.TryParse(datagram.Data, out var message) && message.Class is StunClass.SuccessResponse or StunClass.ErrorResponse)
                {
                    _transactions.TryComplete(message.TransactionId, datagram.Data);
                }
                else if (_session.Authenticates(datagram.Data))
                {
                    AddPairs(datagram.Peer); // a peer-reflexive address: once its channel is bound, its checks are answered
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One datagram from the viewer's <paramref name="route"/>.Peer: checks and answers to ours, DTLS, RTCP.</summary>
    private void Dispatch(ReadOnlySpan<byte> datagram, DatagramRoute route, bool relayed)
    {
        lock (_dispatch)
        {
            try
            {
                DispatchOne(datagram, route, relayed);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or ArgumentException or SocketException)
            {
                IceLog.DatagramDropped(_logger, _session.Id, ++_dropped, ex.Message); // the session is ending, or a defect: never the loop's end
            }
        }
    }

    private void DispatchOne(ReadOnlySpan<byte> datagram, DatagramRoute route, bool relayed)
    {
        switch (DatagramDemux.Classify(datagram))
        {
            case DatagramKind.Stun:
                if (!StunMessage.TryParse(datagram, out var message))
                {
                    return;
                }

                if (message.Class == StunClass.Request)
                {
                    if (_session.OnStun(datagram, route) == IceCheckResult.Answered)
                    {
                        _verified.Add(route.Peer);
                        Triggered(route.Peer, relayed);
                    }
                }
                else if (message.Class is StunClass.SuccessResponse or StunClass.ErrorResponse)
                {
                    _transactions.TryComplete(message.TransactionId, datagram.ToArray());
                }

                break;
            case DatagramKind.Dtls when _verified.Contains(route.Peer):
                _session.MarkHandshaking();
                _session.OnDtls(datagram);
                break;
            case DatagramKind.Rtcp when _verified.Contains(route.Peer):
                _session.OnRtcp(datagram);
                break;
            default:
                break; // RTP from a recvonly viewer, DTLS or SRTCP from an address no check vouched for, or noise
        }
    }

    /// <summary>A check from the viewer came on this pair: check it back soon (RFC 8445 §7.3.1.4), learning a peer-reflexive address if new.</summary>
    private void Triggered(IPEndPoint remote, bool relayed)
    {
        AddPairs(remote);
        IcePair? pair;
        lock (_gate)
        {
            pair = _pairs.Find(p => p.Relayed == relayed && p.Remote.Equals(remote));
        }

        if (pair is { State: IcePairState.Waiting or IcePairState.Failed })
        {
            _triggered.Writer.TryWrite(pair);
        }
    }
}
