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

    /// <summary>Debug only: during a flood this happens for nearly every guess, and the 503 already tells the client.</summary>
    [LoggerMessage(850, LogLevel.Debug, "Refused a login from {Address}: {Waiting} password checks are already waiting")]
    public static partial void ChecksBusy(ILogger logger, string address, int waiting);

    /// <summary>The user name comes from the client: shortened and stripped of invisible characters, so it cannot forge or disguise log lines.</summary>
    public static void LoginFailed(ILogger logger, string address, string user) =>
        LoginFailedCore(logger, address, Printable(user));

    /// <summary>Shortened to 64 characters, and without controls, bidirectional overrides or other invisible characters.</summary>
    public static string Printable(string text) => PiCam.Config.Printable.Text(text);
}
