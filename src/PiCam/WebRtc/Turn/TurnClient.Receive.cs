using System.Net;
using System.Net.Sockets;
using PiCam.WebRtc.Stun;

namespace PiCam.WebRtc.Turn;

/// <summary>
/// The receive loop: answers go to their transactions, Data indications and ChannelData to
/// <see cref="Received"/>. Anything else, or anything not from the server, is counted and dropped.
/// </summary>
internal sealed partial class TurnClient
{
    private long _dropped;

    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(65536);
        EndPoint any = new IPEndPoint(_server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // An ICMP error for an earlier send surfaces here on some systems; it ends nothing.
                TurnLog.ReceiveFailed(_logger, e.SocketErrorCode);
                continue;
            }

            var reason = Handle(buffer.AsSpan(0, result.ReceivedBytes), result.RemoteEndPoint);
            if (reason is not null)
            {
                Interlocked.Increment(ref _dropped);
                TurnLog.Dropped(_logger, result.RemoteEndPoint, reason);
            }
        }
    }

    /// <summary>Handles one datagram; returns why it was dropped, or null.</summary>
    private string? Handle(ReadOnlySpan<byte> datagram, EndPoint from)
    {
        if (!from.Equals(_server))
        {
            return "it is not from the TURN server";
        }

        if (ChannelData.TryParse(datagram, out var channel, out var data))
        {
            if (!_channelPeers.TryGetValue(channel, out var peer))
            {
                return "ChannelData on a channel that is not bound";
            }

            _received.Writer.TryWrite(new TurnPeerDatagram(peer, data.ToArray(), channel));
            return null;
        }

        if (!StunMessage.TryParse(datagram, out var message))
        {
            return "it is neither STUN nor ChannelData";
        }

        if (message.HasFingerprint && !message.VerifyFingerprint())
        {
            return "its FINGERPRINT is wrong";
        }

        switch (message.Class)
        {
            case StunClass.Indication when message.Method == TurnMethod.Data:
                if (!message.TryGetXorPeerAddress(out var peer) || peer is null || !message.TryGetData(out var payload))
                {
                    return "a Data indication without a peer address and data";
                }

                _received.Writer.TryWrite(new TurnPeerDatagram(peer, payload.ToArray(), 0));
                return null;
            case StunClass.SuccessResponse or StunClass.ErrorResponse:
                if (!IsAuthentic(message))
                {
                    return "an answer whose MESSAGE-INTEGRITY is missing or wrong";
                }

                return _transactions.TryComplete(message.TransactionId, message.Raw.ToArray()) ? null : "an answer to no request waiting";
            default:
                return "a STUN message the client does not expect";
        }
    }

    /// <summary>
    /// Once there is a key, success answers must carry MESSAGE-INTEGRITY that verifies with it (RFC 8489
    /// §9.2.5); error answers (401, 438) may come without one, but one that is there must verify.
    /// </summary>
    private bool IsAuthentic(StunMessage message)
    {
        var key = _credentials.Key;
        if (key is null)
        {
            return true;
        }

        return message.HasMessageIntegrity ? message.VerifyMessageIntegrity(key) : message.Class == StunClass.ErrorResponse;
    }
}
