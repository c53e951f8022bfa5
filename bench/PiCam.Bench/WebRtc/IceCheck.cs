using System.Security.Cryptography;
using PiCam.WebRtc.Stun;

namespace PiCam.Bench.WebRtc;

/// <summary>
/// The controlling agent's connectivity check (RFC 8445 §7.1.1): a Binding request with USERNAME
/// "server-ufrag:our-ufrag", PRIORITY, ICE-CONTROLLING, USE-CANDIDATE when nominating, then MESSAGE-INTEGRITY
/// keyed with the server's password and FINGERPRINT. The same request without USE-CANDIDATE is the
/// consent-freshness check (RFC 7675).
/// </summary>
internal static class IceCheck
{
    public const int MaxLength = 200;
    private const uint PeerReflexivePriority = (110u << 24) | (65535u << 8) | 255u;

    public static int Write(Span<byte> buffer, Span<byte> transactionId, string username, byte[] key, ulong tieBreaker, bool nominate)
    {
        RandomNumberGenerator.Fill(transactionId);
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, transactionId);
        writer.AddUsername(username);
        writer.AddPriority(PeerReflexivePriority);
        writer.AddIceControlling(tieBreaker);
        if (nominate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>True for an authenticated Binding success response to <paramref name="transactionId"/>.</summary>
    public static bool IsSuccess(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> transactionId, byte[] key) =>
        StunMessage.TryParse(datagram, out var message)
        && message.Class == StunClass.SuccessResponse
        && message.TransactionId.SequenceEqual(transactionId)
        && message.HasMessageIntegrity && message.VerifyMessageIntegrity(key)
        && (!message.HasFingerprint || message.VerifyFingerprint());
}
