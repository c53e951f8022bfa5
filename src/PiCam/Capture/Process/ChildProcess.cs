using System.ComponentModel;
using System.Diagnostics;
using PiCam.Platform;

namespace PiCam.Capture.Process;

/// <summary>
/// A camera program running as a child: stdout is the picture, stderr is kept line by line for the log and
/// the last error. Stopping is polite first (SIGTERM, as systemd does) and firm after a grace period.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    private readonly System.Diagnostics.Process _process;
    private readonly Task _stderr;
    private volatile string? _lastErrorLine;

    private ChildProcess(System.Diagnostics.Process process, Action<string> onStderrLine)
    {
        _process = process;
        _stderr = PumpStderrAsync(onStderrLine);
    }

    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    public int Id => _process.Id;

    /// <summary>The last non-empty line the program wrote to stderr.</summary>
    public string? LastErrorLine => _lastErrorLine;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the program; a program that cannot be started is an <see cref="CameraException"/> saying so.</summary>
    public static ChildProcess Start(ProcessCommand command, Action<string> onStderrLine)
    {
        var start = new ProcessStartInfo(command.Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = System.Diagnostics.Process.Start(start) ?? throw new CameraException($"{command.Program} could not be started");
            process.StandardInput.Close(); // a camera program reads nothing; ffmpeg would otherwise wait for keys
            return new ChildProcess(process, onStderrLine);
        }
        catch (Win32Exception ex)
        {
            throw new CameraException($"{command.Program} could not be started: {ex.Message}");
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, then SIGKILL if it has not gone within the grace period; waits until it has.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        LibC.Kill(_process.Id, LibC.SIGTERM);
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _stderr.ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task PumpStderrAsync(Action<string> onLine)
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    _lastErrorLine = line.Trim();
                    onLine(line);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
    }
}
