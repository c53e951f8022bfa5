namespace PiCam.Http.Auth;

/// <summary>
/// <c>"login"</c> on <c>/status</c>: whether viewers must log in, and whether this request came over TLS.
/// The page warns when a login travels unencrypted. Never a user name, password or hash.
/// </summary>
internal sealed record LoginReport(bool Required, bool Encrypted);
