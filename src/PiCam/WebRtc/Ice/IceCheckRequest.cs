using PiCam.WebRtc.Stun;

namespace PiCam.WebRtc.Ice;

/// <summary>
/// A connectivity check from the controlled agent (RFC 8445 §7.2.2): a Binding request with USERNAME
/// "remote ufrag:local ufrag", the PRIORITY a peer-reflexive candidate of ours would have, ICE-CONTROLLED with
/// our tie-breaker, MESSAGE-INTEGRITY under the remote password, and FINGERPRINT. Consent checks (RFC 7675) are the same.
/// </summary>
internal static class IceCheckRequest
{
    public const int MaxLength = 128;

    public static int Write(Span<byte> buffer, ReadOnlySpan<byte> transactionId, string remoteUfrag, string localUfrag,
        ReadOnlySpan<byte> remoteKey, uint priority, ulong tieBreaker)
    {
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, transactionId);
        writer.AddUsername($"{remoteUfrag}:{localUfrag}");
        writer.AddPriority(priority);
        writer.AddIceControlled(tieBreaker);
        writer.AddMessageIntegrity(remoteKey);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>A plain Binding request, as a STUN server is asked for our server-reflexive address (RFC 8489 §3).</summary>
    public static int WriteBinding(Span<byte> buffer, ReadOnlySpan<byte> transactionId)
    {
        var writer = new StunMessageWriter(buffer, StunConstants.BindingMethod, StunClass.Request, transactionId);
        writer.AddFingerprint();
        return writer.Length;
    }
}
