using System.ComponentModel;
using System.Diagnostics;
using PiCam.Config;
using PiCam.Platform;

namespace PiCam.Capture.Process;

/// <summary>
/// A camera program running as a child: stdout is the picture; stderr is read in bounded lines (see
/// <see cref="BoundedLineReader"/>), with URL credentials redacted, for the log and a short tail kept for the
/// error. Stopping is polite first (SIGTERM to the program and everything it started, as systemd does) and
/// firm after <see cref="StopGrace"/> (SIGKILL to whatever is left of that tree).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>How long a camera has after SIGTERM before SIGKILL: long enough to release a device, well inside systemd's stop timeout.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    /// <summary>Lines of stderr kept for the error message.</summary>
    public const int TailLines = 4;

    private const int SIGKILL = 9;

    private readonly System.Diagnostics.Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Task _stderr;

    private ChildProcess(System.Diagnostics.Process process, Action<string> onStderrLine)
    {
        _process = process;
        _stderr = PumpStderrAsync(onStderrLine);
    }

    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    /// <summary>The program's stdin, open only when it was started with <c>writesStdin</c> (a decoder fed by us).</summary>
    public Stream StandardInput => _process.StandardInput.BaseStream;

    public int Id => _process.Id;

    /// <summary>The last non-empty line the program wrote to stderr (at most <see cref="BoundedLineReader.MaxLineBytes"/>), redacted.</summary>
    public string? LastErrorLine
    {
        get
        {
            lock (_tail)
            {
                return _tail.Count == 0 ? null : _tail.Last();
            }
        }
    }

    /// <summary>The last <see cref="TailLines"/> lines of stderr, oldest first.</summary>
    public IReadOnlyList<string> ErrorTail
    {
        get
        {
            lock (_tail)
            {
                return [.. _tail];
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the program; a program that cannot be started is an <see cref="CameraException"/> saying so. Its stdin is closed unless <paramref name="writesStdin"/>.</summary>
    public static ChildProcess Start(ProcessCommand command, Action<string> onStderrLine, bool writesStdin = false)
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
            var process = System.Diagnostics.Process.Start(start) ?? throw new CameraException(StartFailure.Describe(command.Program, 0));
            if (!writesStdin)
            {
                process.StandardInput.Close(); // a camera program reads nothing; ffmpeg would otherwise wait for keys
            }

            return new ChildProcess(process, onStderrLine);
        }
        catch (Win32Exception ex)
        {
            throw new CameraException(StartFailure.Describe(command.Program, ex.NativeErrorCode), ex);
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>
    /// Waits (at most <paramref name="limit"/>) until stderr has been read to its end, so the last line a
    /// program wrote before it exited is in <see cref="ErrorTail"/>. A grandchild still holding stderr open
    /// ends the wait at the limit.
    /// </summary>
    public async Task WaitForStderrAsync(TimeSpan limit)
    {
        try
        {
            await _stderr.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>SIGTERM to the program and its descendants, SIGKILL to those left after the grace period; waits until the program has gone.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return; // its id may already belong to someone else: never look for a tree under it
        }

        var tree = ProcessTree.Of(_process.Id);

        tree.Signal(LibC.SIGTERM);
        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            while (tree.AnyAlive)
            {
                await Task.Delay(50, grace.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            tree.Signal(SIGKILL);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await WaitForStderrAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task PumpStderrAsync(Action<string> onLine)
    {
        try
        {
            await BoundedLineReader.ReadLinesAsync(_process.StandardError.BaseStream, line =>
            {
                line = UrlCredentials.Redact(line);
                lock (_tail)
                {
                    if (_tail.Count == TailLines)
                    {
                        _tail.Dequeue();
                    }

                    _tail.Enqueue(line);
                }

                onLine(line);
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe went away with the process.
        }
    }
}
