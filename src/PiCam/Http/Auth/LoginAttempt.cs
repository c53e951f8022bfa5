namespace PiCam.Http.Auth;

/// <summary>A permit <see cref="FailedLoginLimiter"/> reserved for one password check; <see cref="Last"/> when it was the window's last.</summary>
internal readonly record struct LoginAttempt(string Address, long Window, bool Last);
