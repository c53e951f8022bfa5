using System.Net;

namespace PiCam.WebRtc.Turn;

/// <summary>STUN and TURN error codes (RFC 8489 §14.8, RFC 8656 §19) as sentences a user can act on.</summary>
internal static class TurnErrors
{
    public const int BadRequest = 400;
    public const int Unauthorized = 401;
    public const int Forbidden = 403;
    public const int AllocationMismatch = 437;
    public const int StaleNonce = 438;
    public const int WrongCredentials = 441;
    public const int UnsupportedTransport = 442;
    public const int AllocationQuotaReached = 486;
    public const int InsufficientCapacity = 508;

    public static TurnException FromResponse(ushort method, int code, string reason) => new(code, code switch
    {
        Unauthorized => "The TURN server refused the credentials (401): check the ice_servers username and credential.",
        Forbidden => $"The TURN server forbade the {TurnMethod.Name(method)} request (403): the peer address may be one it will not relay to.",
        AllocationMismatch => "The TURN server holds no allocation, or another one, for this socket (437): allocate again from a new socket.",
        StaleNonce => "The TURN server kept calling its own nonce stale (438): check the server's clock and configuration.",
        WrongCredentials => "The TURN server says these credentials are not the allocation's (441): use one username for the whole allocation.",
        UnsupportedTransport => "The TURN server does not relay UDP (442): use a TURN server that does.",
        AllocationQuotaReached => "The TURN server's quota of allocations for this user is full (486): end other sessions or raise the server's user-quota.",
        InsufficientCapacity => "The TURN server has no relay ports free (508): try again later or another server.",
        _ => $"The TURN server answered {TurnMethod.Name(method)} with error {code} ({Clean(reason)}): check the TURN server's log.",
    });

    public static TurnException NoAnswer(ushort method, IPEndPoint server, int transmissions) => new(0,
        $"The TURN server at {server} did not answer {TurnMethod.Name(method)} after {transmissions} tries: check the ice_servers URL and that UDP to it is not blocked.");

    public static TurnException Unchallenged(ushort method) => new(Unauthorized,
        $"The TURN server asked for credentials on {TurnMethod.Name(method)} without a realm and nonce (401): it is not speaking RFC 8656 long-term credentials.");

    private static string Clean(string reason)
    {
        var text = new string([.. reason.Where(c => !char.IsControl(c)).Take(100)]);
        return text.Length == 0 ? "no reason given" : text;
    }
}
