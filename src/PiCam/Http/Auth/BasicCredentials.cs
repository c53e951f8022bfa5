using System.Diagnostics.CodeAnalysis;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace PiCam.Http.Auth;

/// <summary>
/// The user and password of an <c>Authorization: Basic</c> header (RFC 7617), decoded as UTF-8 because the
/// challenge says <c>charset="UTF-8"</c>. <see cref="ToString"/> leaves the password out.
/// </summary>
internal sealed record BasicCredentials(string User, string Password)
{
    private const string Prefix = "Basic ";

    /// <summary>Longer than any real header (Kestrel's whole header block is limited to 16 KB).</summary>
    private const int MaxEncodedLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses a single Basic header; false for none, several, another scheme or bad base64/UTF-8, or no colon.</summary>
    public static bool TryParse(StringValues header, [NotNullWhen(true)] out BasicCredentials? credentials)
    {
        credentials = null;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = value.AsSpan(Prefix.Length).Trim();
        if (encoded.IsEmpty || encoded.Length > MaxEncodedLength)
        {
            return false;
        }

        var bytes = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var length))
        {
            return false;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            Array.Clear(bytes);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        credentials = new BasicCredentials(text[..colon], text[(colon + 1)..]);
        return true;
    }

    public override string ToString() => $"{nameof(BasicCredentials)} {{ User = {User} }}";
}
