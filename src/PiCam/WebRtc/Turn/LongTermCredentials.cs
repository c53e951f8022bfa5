using PiCam.WebRtc.Stun;

namespace PiCam.WebRtc.Turn;

/// <summary>
/// The client's half of the long-term credential mechanism (RFC 8489 §9.2): the first request goes out
/// bare, the server's 401 names a REALM and a NONCE, and every request after that carries USERNAME,
/// NONCE, REALM and MESSAGE-INTEGRITY keyed by MD5(username ":" realm ":" password). A 438 (Stale Nonce)
/// only replaces the nonce.
/// <para>
/// The RFC runs username and password through OpaqueString (RFC 8265; SASLprep in RFC 5389) first. For
/// printable ASCII, which is what TURN REST credentials are (digits, a colon, a name, base64), that
/// preparation is the identity, so the strings are used as given.
/// </para>
/// </summary>
internal sealed class LongTermCredentials(string username, string password)
{
    private volatile Challenge? _challenge;

    public string Username { get; } = username;

    public string? Realm => _challenge?.Realm;

    public string? Nonce => _challenge?.Nonce;

    /// <summary>The MESSAGE-INTEGRITY key, once a realm is known.</summary>
    public byte[]? Key => _challenge?.Key;

    public bool IsChallenged => _challenge is not null;

    /// <summary>A 401 (or a 438 naming a realm) with REALM and NONCE: remember both and derive the key.</summary>
    public void Accept(string realm, string nonce)
    {
        var current = _challenge;
        var key = current is not null && current.Realm == realm ? current.Key : StunCredentials.LongTermKey(Username, realm, password);
        _challenge = new Challenge(realm, nonce, key);
    }

    /// <summary>A 438: the same realm and key, a new nonce.</summary>
    public void ReplaceNonce(string nonce)
    {
        var current = _challenge;
        if (current is not null)
        {
            _challenge = current with { Nonce = nonce };
        }
    }

    /// <summary>Adds USERNAME, NONCE, REALM (RFC 5769 §2.4's order) and MESSAGE-INTEGRITY; nothing before a challenge.</summary>
    public void Sign(ref StunMessageWriter writer)
    {
        var challenge = _challenge;
        if (challenge is null)
        {
            return;
        }

        writer.AddUsername(Username);
        writer.AddNonce(challenge.Nonce);
        writer.AddRealm(challenge.Realm);
        writer.AddMessageIntegrity(challenge.Key);
    }

    private sealed record Challenge(string Realm, string Nonce, byte[] Key);
}
