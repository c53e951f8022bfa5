using System.Net;
using System.Text;
using PiCam.WebRtc.Stun;

namespace PiCam.WebRtc.Ice;

/// <summary>
/// The answering side of one session's connectivity checks (RFC 8445 §7.3), all an ICE-lite agent does
/// (§2.5) and half of what the full <see cref="IceAgent"/> does. A Binding request whose USERNAME is "ours:theirs" and whose MESSAGE-INTEGRITY holds under our
/// password is answered with a success carrying the address it came from (XOR-MAPPED-ADDRESS), signed
/// and fingerprinted; USE-CANDIDATE nominates the pair. Missing credentials get 400, wrong ones 401
/// (RFC 8489 §9.1.3); anything else is ignored. No state and no allocation beyond the constructor.
/// </summary>
internal sealed class IceCheckResponder
{
    /// <summary>Large enough for any response this writes (an IPv6 success is 80 bytes).</summary>
    public const int MaxResponseLength = 128;
    private readonly byte[] _expectedUsername;
    private readonly byte[] _key;

    public IceCheckResponder(string localUfrag, string localPassword, string remoteUfrag)
    {
        _expectedUsername = Encoding.UTF8.GetBytes($"{localUfrag}:{remoteUfrag}");
        _key = StunCredentials.ShortTermKey(localPassword);
    }

    public IceCheckResult Respond(ReadOnlySpan<byte> datagram, IPEndPoint from, Span<byte> response, out int length, out bool nominated)
    {
        length = 0;
        nominated = false;
        if (!StunMessage.TryParse(datagram, out var request)
            || request.Class != StunClass.Request || request.Method != StunConstants.BindingMethod
            || (request.HasFingerprint && !request.VerifyFingerprint()))
        {
            return IceCheckResult.Ignored;
        }

        if (!request.HasMessageIntegrity || !request.TryGetAttribute(StunAttributeType.Username, out var username)
            || !request.TryGetPriority(out _))
        {
            length = WriteError(request.TransactionId, 400, "Bad Request", response);
            return IceCheckResult.Rejected;
        }

        if (!username.SequenceEqual(_expectedUsername) || !request.VerifyMessageIntegrity(_key))
        {
            length = WriteError(request.TransactionId, 401, "Unauthorized", response);
            return IceCheckResult.Rejected;
        }

        nominated = request.HasUseCandidate;
        var writer = new StunMessageWriter(response, StunConstants.BindingMethod, StunClass.SuccessResponse, request.TransactionId);
        writer.AddXorMappedAddress(from);
        writer.AddMessageIntegrity(_key);
        writer.AddFingerprint();
        length = writer.Length;
        return IceCheckResult.Answered;
    }

    /// <summary>Whether a datagram is a check for us that authenticates (USERNAME ours:theirs, MESSAGE-INTEGRITY under our password), without answering it.</summary>
    public bool Authenticates(ReadOnlySpan<byte> datagram) =>
        StunMessage.TryParse(datagram, out var request) && request.Class == StunClass.Request
        && request.Method == StunConstants.BindingMethod && request.HasMessageIntegrity
        && request.TryGetAttribute(StunAttributeType.Username, out var username) && username.SequenceEqual(_expectedUsername)
        && request.VerifyMessageIntegrity(_key);

    private static int WriteError(ReadOnlySpan<byte> transactionId, int code, string reason, Span<byte> response)
    {
        var writer = new StunMessageWriter(response, StunConstants.BindingMethod, StunClass.ErrorResponse, transactionId);
        writer.AddErrorCode(code, reason);
        writer.AddFingerprint();
        return writer.Length;
    }
}
