using PiCam.Config;

namespace PiCam.Capture.Process;

/// <summary>A program and its arguments, started without a shell, and a line saying what it captures.</summary>
internal sealed record ProcessCommand(string Program, IReadOnlyList<string> Arguments, string Description)
{
    /// <summary>The command line for display (the log): URL credentials are redacted.</summary>
    public override string ToString() => UrlCredentials.Redact(string.Join(' ', [Program, .. Arguments]));
}
