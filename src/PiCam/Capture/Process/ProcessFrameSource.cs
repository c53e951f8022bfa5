using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using PiCam.Capture.Jpeg;
using PiCam.Streaming;

namespace PiCam.Capture.Process;

/// <summary>
/// A source that runs a program writing MJPEG to stdout (rpicam-vid, ffmpeg, anything) and publishes its
/// frames, at most <c>FRAMERATE</c> a second (<see cref="FrameRateLimiter"/>). It fails, with the program's
/// last error line, when the program exits or yields no frame for the stall timeout; the program is stopped
/// either way. The command is resolved at each start, so probing (which camera, which format) sees the
/// hardware as it is now.
/// </summary>
internal sealed class ProcessFrameSource : IFrameSource
{
    private static readonly TimeSpan StallCheck = TimeSpan.FromMilliseconds(250);

    /// <summary>How long to wait, once the program has gone, for the rest of its stderr (a grandchild may hold it open).</summary>
    private static readonly TimeSpan StderrDrain = TimeSpan.FromSeconds(1);

    private readonly Func<CancellationToken, Task<ProcessCommand>> _resolve;
    private readonly TimeSpan _stallTimeout;
    private readonly int _framerate;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ProcessFrameSource(string kind, Func<CancellationToken, Task<ProcessCommand>> resolve, TimeSpan stallTimeout, int framerate, TimeProvider time, ILogger logger)
    {
        Kind = kind;
        _resolve = resolve;
        _stallTimeout = stallTimeout;
        _framerate = framerate;
        _time = time;
        _logger = logger;
    }

    public string Kind { get; }

    public string? Description { get; private set; }

    public async Task RunAsync(FrameHub hub, CancellationToken cancellationToken)
    {
        var command = await _resolve(cancellationToken).ConfigureAwait(false);
        Description = command.Description;
        Log.CameraStarting(_logger, command.ToString()); // redacted: ProcessCommand.ToString is for display
        var program = Path.GetFileName(command.Program);
        await using var child = ChildProcess.Start(command, line => Log.CameraOutput(_logger, program, line));
        var scanner = new JpegFrameScanner();
        var limiter = new FrameRateLimiter(_framerate, _time.TimestampFrequency);
        var lastFrame = _time.GetTimestamp();
        var published = 0L;
        var stalled = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchForStallAsync(() => Volatile.Read(ref lastFrame), () => stalled = true, stop);
        try
        {
            await MjpegReader.ReadFramesAsync(
                PipeReader.Create(child.StandardOutput),
                scanner,
                frame =>
                {
                    var now = _time.GetTimestamp();
                    Volatile.Write(ref lastFrame, now); // a dropped frame still proves the camera alive
                    if (limiter.TryTake(now))
                    {
                        MjpegReader.Publish(hub, frame);
                        published++;
                    }
                    else if (limiter.Dropped == 5L * _framerate)
                    {
                        CaptureLog.FasterThanFramerate(_logger, program, _framerate); // once a run, not per frame
                    }
                },
                stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
            await child.StopAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        // The error names the program's last words: wait for its stderr to be read to the end first.
        await child.WaitForStderrAsync(StderrDrain).ConfigureAwait(false);

        if (scanner.ImplausibleFrames > 0)
        {
            CaptureLog.ImplausibleFrames(_logger, program, scanner.ImplausibleFrames);
        }

        var tail = child.ErrorTail;
        if (tail.Count > 1)
        {
            CaptureLog.CameraLastOutput(_logger, program, string.Join(" | ", tail));
        }

        var why = child.LastErrorLine is { } line ? $": {line}" : "";
        var notMjpeg = scanner.ImplausibleFrames > 0 && published == 0
            ? $" (what it wrote is not MJPEG: {scanner.ImplausibleFrames} pieces that are not JPEG images were dropped)"
            : "";
        throw stalled
            ? new CameraException($"{program} sent no frame for {_stallTimeout.TotalSeconds:0} s{notMjpeg}{why}")
            : new CameraException($"{program} exited with code {child.ExitCode}{notMjpeg}{why}");
    }

    private async Task WatchForStallAsync(Func<long> lastFrame, Action onStall, CancellationTokenSource stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(StallCheck, _time, stop.Token).ConfigureAwait(false);
                if (_time.GetElapsedTime(lastFrame()) > _stallTimeout)
                {
                    onStall();
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
