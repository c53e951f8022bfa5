namespace PiCam.Platform;

/// <summary>How a run of an external program ended.</summary>
/// <param name="ExitCode">The exit code, or null when it did not run to the end.</param>
/// <param name="Output">What it wrote to standard output.</param>
/// <param name="Errors">What it wrote to standard error.</param>
/// <param name="Problem">Why it did not run to the end (not found, timed out), or null.</param>
/// <param name="Missing">The program does not exist.</param>
internal sealed record ToolResult(int? ExitCode, string Output, string Errors, string? Problem, bool Missing = false)
{
    public bool Succeeded => Problem is null && ExitCode == 0;
}
