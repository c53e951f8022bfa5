using System.Net;
using System.Security.Cryptography;
using PiCam.WebRtc.Stun;

namespace PiCam.WebRtc.Turn;

/// <summary>Requests and their answers: building, signing, the 401/438 dance, and reading what came back.</summary>
internal sealed partial class TurnClient
{
    /// <summary>At most this many 401/438 rounds for one request.</summary>
    private const int MaxAuthenticationRounds = 3;

    private delegate void AttributeWriter(ref StunMessageWriter writer);

    private enum Outcome
    {
        Success,
        Retry,
    }

    /// <summary>Sends a request until it is answered and returns the success response's bytes; errors throw <see cref="TurnException"/>.</summary>
    private async Task<byte[]> RequestAsync(ushort method, AttributeWriter attributes, CancellationToken token)
    {
        for (var round = 0; ; round++)
        {
            var transactionId = RandomNumberGenerator.GetBytes(StunConstants.TransactionIdLength);
            var signed = _credentials.IsChallenged;
            var request = BuildRequest(method, transactionId, attributes);
            var response = await _transactions.RunAsync(transactionId, request, SendToServerAsync, token).ConfigureAwait(false)
                ?? throw TurnErrors.NoAnswer(method, _server, _retransmission.Transmissions);
            if (Judge(method, response, signed, round) == Outcome.Success)
            {
                return response;
            }
        }
    }

    private byte[] BuildRequest(ushort method, byte[] transactionId, AttributeWriter attributes)
    {
        Span<byte> buffer = stackalloc byte[1024];
        var writer = new StunMessageWriter(buffer, method, StunClass.Request, transactionId);
        attributes(ref writer);
        _credentials.Sign(ref writer);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    private Outcome Judge(ushort method, byte[] raw, bool signed, int round)
    {
        // The receive loop only completes transactions with messages that parse.
        _ = StunMessage.TryParse(raw, out var response);
        if (response.Class == StunClass.SuccessResponse)
        {
            return Outcome.Success;
        }

        if (!response.TryGetErrorCode(out var code, out var reason))
        {
            throw TurnErrors.FromResponse(method, TurnErrors.BadRequest, "an error without an ERROR-CODE");
        }

        var hasNonce = response.TryGetNonce(out var nonce);
        var hasRealm = response.TryGetRealm(out var realm);
        if (round < MaxAuthenticationRounds && code == TurnErrors.Unauthorized && !signed)
        {
            if (!hasNonce || !hasRealm)
            {
                throw TurnErrors.Unchallenged(method);
            }

            _credentials.Accept(realm, nonce);
            TurnLog.Challenged(_logger, _server, realm);
            return Outcome.Retry;
        }

        if (round < MaxAuthenticationRounds && code == TurnErrors.StaleNonce && hasNonce && signed)
        {
            if (hasRealm)
            {
                _credentials.Accept(realm, nonce);
            }
            else
            {
                _credentials.ReplaceNonce(nonce);
            }

            TurnLog.StaleNonce(_logger, _server);
            return Outcome.Retry;
        }

        throw TurnErrors.FromResponse(method, code, reason);
    }

    private static TurnAllocation? ReadAllocation(byte[] raw)
    {
        _ = StunMessage.TryParse(raw, out var response);
        if (!response.TryGetXorRelayedAddress(out var relayed) || relayed is null || !response.TryGetLifetime(out var seconds))
        {
            return null;
        }

        response.TryGetXorMappedAddress(out var mapped);
        return new TurnAllocation(relayed, mapped, TimeSpan.FromSeconds(seconds));
    }

    private static TimeSpan? ReadLifetime(byte[] raw)
    {
        _ = StunMessage.TryParse(raw, out var response);
        return response.TryGetLifetime(out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
    }

    private static int WriteSendIndication(IPEndPoint peer, ReadOnlySpan<byte> data, Span<byte> buffer)
    {
        Span<byte> transactionId = stackalloc byte[StunConstants.TransactionIdLength];
        RandomNumberGenerator.Fill(transactionId);
        var writer = new StunMessageWriter(buffer, TurnMethod.Send, StunClass.Indication, transactionId);
        writer.AddXorPeerAddress(peer);
        writer.AddData(data);
        return writer.Length;
    }
}
