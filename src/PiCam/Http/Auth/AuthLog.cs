using Microsoft.Extensions.Logging;

namespace PiCam.Http.Auth;

/// <summary>
/// The viewer login's log events. They carry the client's address and the user name it sent, never a
/// password, a hash or the Authorization header.
/// </summary>
internal static partial class AuthLog
{
    [LoggerMessage(60, LogLevel.Information, "Viewer login is on for user {User} ({Storage})")]
    public static partial void LoginOn(ILogger logger, string user, string storage);

    [LoggerMessage(61, LogLevel.Information, "Failed login from {Address} as user '{User}'")]
    private static partial void LoginFailedCore(ILogger logger, string address, string user);

    [LoggerMessage(62, LogLevel.Warning, "Blocked logins from {Address} for {Seconds} s after {Limit} failed attempts")]
    public static partial void AddressBlocked(ILogger logger, string address, double seconds, int limit);

    /// <summary>The user name comes from the client: shortened and stripped of control characters, so it cannot forge log lines.</summary>
    public static void LoginFailed(ILogger logger, string address, string user) =>
        LoginFailedCore(logger, address, Printable(user));

    public static string Printable(string text)
    {
        var shortened = text.Length > 64 ? text[..64] + "…" : text;
        return string.Create(shortened.Length, shortened, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
