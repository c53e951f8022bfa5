using System.Text.RegularExpressions;

namespace PiCam.Config;

/// <summary>
/// Hides the user and password of every URL in a text (<c>rtsp://admin:pw@host/…</c> becomes
/// <c>rtsp://***@host/…</c>). A camera's command line and whatever the camera prints about its input pass
/// through here before they reach the log, <c>/status</c> or the NO CAMERA picture.
/// </summary>
internal static partial class UrlCredentials
{
    public const string Mask = "***";

    /// <summary>The text with each URL's userinfo replaced by <see cref="Mask"/>; unchanged when there is none.</summary>
    public static string Redact(string text) =>
        text.Contains("://", StringComparison.Ordinal) ? UserInfo().Replace(text, $"${{scheme}}{Mask}@") : text;

    // A scheme, "://", then everything up to the last '@' before the host: a password may itself contain
    // a raw '@', and never a space, '/', '?' or '#' (those end the authority).
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^\s/?#]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();
}
