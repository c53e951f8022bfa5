using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PiCam.Http.Auth;

/// <summary>
/// A viewer password stored as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash in standard base64):
/// PBKDF2 with HMAC-SHA256 from the BCL, compared in constant time. <c>picam hash-password</c> prints one.
/// </summary>
internal sealed class PasswordHash
{
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>OWASP's figure for PBKDF2-HMAC-SHA256 (2023): slow on a Pi by design, so successful verifications are cached.</summary>
    public const int DefaultIterations = 600_000;

    public const int MinIterations = 1_000;

    /// <summary>Ten million is already tens of seconds on a Pi: anything above is a typo, not a choice.</summary>
    public const int MaxIterations = 10_000_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    public int Iterations { get; }

    /// <summary>A new random salt and the encoded hash of <paramref name="password"/>.</summary>
    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether <paramref name="password"/> matches; a malformed <paramref name="encoded"/> throws <see cref="FormatException"/>.</summary>
    public static bool Verify(string password, string encoded) => Parse(encoded).Verify(password);

    /// <exception cref="FormatException">The text is not a hash from <c>picam hash-password</c>; the message says why.</exception>
    public static PasswordHash Parse(string encoded) =>
        TryParse(encoded, out var hash, out var error) ? hash : throw new FormatException($"not a password hash from `picam hash-password`: {error}");

    /// <summary>
    /// Parses without throwing. The error names what is wrong but never repeats the text: a plain password
    /// pasted into VIEWER_PASSWORD_HASH by mistake must not reach a log or <c>/status</c>.
    /// </summary>
    public static bool TryParse(string? encoded, [NotNullWhen(true)] out PasswordHash? hash, [NotNullWhen(false)] out string? error)
    {
        hash = null;
        var parts = (encoded ?? "").Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            error = $"expected {Scheme}$ITERATIONS$SALT$HASH";
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < MinIterations or > MaxIterations)
        {
            error = $"the iteration count must be a number from {MinIterations} to {MaxIterations}";
            return false;
        }

        if (!TryBase64(parts[2], out var salt) || salt.Length is < 8 or > 64)
        {
            error = "the salt must be 8 to 64 bytes of base64";
            return false;
        }

        if (!TryBase64(parts[3], out var derived) || derived.Length is < 16 or > 64)
        {
            error = "the hash must be 16 to 64 bytes of base64";
            return false;
        }

        hash = new PasswordHash(iterations, salt, derived);
        error = null;
        return true;
    }

    /// <summary>Derives the presented password's hash at the stored length and compares in constant time.</summary>
    public bool Verify(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var candidate = Derive(password, _salt, Iterations, _hash.Length);
        return CryptographicOperations.FixedTimeEquals(candidate, _hash);
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);

    private static bool TryBase64(string text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.Length == 0)
        {
            return false;
        }

        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
