using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PiCam.Http.Auth;

/// <summary>
/// A "device cookie" (OWASP's answer to lockouts that hit the owner): a browser that has logged in gets a
/// cookie binding the exact credentials it used, signed with a key made at start. While its address is
/// blocked for failed logins (a household behind one NAT with a guesser among it), a request that carries
/// such a cookie <em>and</em> the same credentials is still let in, and it costs two HMACs, not PBKDF2.
/// Nobody else gets anything from it: a guesser without a cookie is refused unchecked, and a cookie is of no
/// use without the password it was issued for (nor the password without the cookie, while blocked). The key
/// lives only in memory, so a restart (or a changed password) makes every cookie worthless; browsers then
/// log in once more. The cookie holds no password: an expiry and a MAC.
/// </summary>
internal sealed class DeviceCookie
{
    public const string Name = "picam_device";

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);

    private const int ExpiryBytes = 8;
    private const int MacBytes = 32;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public DeviceCookie(TimeProvider time, TimeSpan? lifetime = null)
    {
        _time = time;
        _lifetime = lifetime ?? DefaultLifetime;
    }

    /// <summary>A new cookie value for credentials that were just verified.</summary>
    public string Issue(string user, string password)
    {
        var token = new byte[ExpiryBytes + MacBytes];
        BinaryPrimitives.WriteInt64BigEndian(token, (_time.GetUtcNow() + _lifetime).ToUnixTimeSeconds());
        Mac(token.AsSpan(0, ExpiryBytes), user, password, token.AsSpan(ExpiryBytes));
        return Convert.ToBase64String(token).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Whether <paramref name="value"/> is an unexpired cookie this process issued for exactly these credentials.</summary>
    public bool IsValidFor(string? value, string user, string password)
    {
        if (value is null || value.Length is 0 or > 64)
        {
            return false;
        }

        Span<byte> token = stackalloc byte[48];
        var base64 = value.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        if (!Convert.TryFromBase64String(base64, token, out var length) || length != ExpiryBytes + MacBytes)
        {
            return false;
        }

        if (BinaryPrimitives.ReadInt64BigEndian(token) <= _time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(token[..ExpiryBytes], user, password, expected);
        return CryptographicOperations.FixedTimeEquals(expected, token.Slice(ExpiryBytes, MacBytes));
    }

    /// <summary>The <c>Set-Cookie</c> value: script cannot read it, other sites cannot send it, HTTPS keeps it to HTTPS.</summary>
    public string Header(string value, bool secure) =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}={value}; Max-Age={(long)_lifetime.TotalSeconds}; Path=/; HttpOnly; SameSite=Strict{(secure ? "; Secure" : "")}");

    /// <summary>HMAC-SHA256 over the expiry, the length-prefixed user and the password.</summary>
    private void Mac(ReadOnlySpan<byte> expiry, string user, string password, Span<byte> destination)
    {
        var userBytes = Encoding.UTF8.GetByteCount(user);
        var input = new byte[ExpiryBytes + 4 + userBytes + Encoding.UTF8.GetByteCount(password)];
        expiry.CopyTo(input);
        BinaryPrimitives.WriteInt32BigEndian(input.AsSpan(ExpiryBytes), userBytes);
        Encoding.UTF8.GetBytes(user, input.AsSpan(ExpiryBytes + 4));
        Encoding.UTF8.GetBytes(password, input.AsSpan(ExpiryBytes + 4 + userBytes));
        HMACSHA256.HashData(_key, input, destination);
        CryptographicOperations.ZeroMemory(input);
    }
}
