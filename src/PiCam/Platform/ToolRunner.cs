using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace PiCam.Platform;

/// <summary>
/// Runs a short-lived program without a shell (arguments as a list), captures its output and kills it, with
/// any children, when it takes longer than the time limit. Never throws for the program's sake: a missing
/// program, a failure to start and a timeout are all results. Only the caller's own cancellation throws.
/// </summary>
internal static class ToolRunner
{
    private const int NoSuchFile = 2; // ENOENT

    /// <summary>The most kept of each output stream; the rest is read and dropped, so a runaway tool costs no memory.</summary>
    public const int MaxOutputChars = 256 * 1024;

    public static async Task<ToolResult> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan limit, CancellationToken token)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process? started;
        try
        {
            started = Process.Start(info);
        }
        catch (Win32Exception ex)
        {
            return new ToolResult(null, "", "", $"cannot run {program}: {ex.Message}", Missing: ex.NativeErrorCode == NoSuchFile);
        }

        if (started is null)
        {
            return new ToolResult(null, "", "", $"cannot run {program}");
        }

        using var process = started;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(limit);
        var output = ReadCappedAsync(process.StandardOutput, timeout.Token);
        var errors = ReadCappedAsync(process.StandardError, timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return new ToolResult(process.ExitCode, await output.ConfigureAwait(false), await errors.ConfigureAwait(false), null);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            token.ThrowIfCancellationRequested();
            var seconds = limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
            return new ToolResult(null, "", "", $"{Path.GetFileName(program)} did not finish within {seconds} s");
        }
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader, CancellationToken token)
    {
        var kept = new System.Text.StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
        {
            kept.Append(buffer, 0, Math.Min(read, MaxOutputChars - kept.Length));
        }

        return kept.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // It exited meanwhile.
        }
    }
}
