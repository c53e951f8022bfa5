using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using PiCam.Capture.Jpeg;
using PiCam.Streaming;

namespace PiCam.Capture.Process;

/// <summary>
/// A source that runs a program writing MJPEG to stdout (rpicam-vid, ffmpeg, anything) and publishes each
/// frame. It fails, with the program's last error line, when the program exits or yields no frame for the
/// stall timeout; the program is stopped either way. The command is resolved at each start, so probing
/// (which camera, which format) sees the hardware as it is now.
/// </summary>
internal sealed class ProcessFrameSource : IFrameSource
{
    private static readonly TimeSpan StallCheck = TimeSpan.FromMilliseconds(250);

    private readonly Func<CancellationToken, Task<ProcessCommand>> _resolve;
    private readonly TimeSpan _stallTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ProcessFrameSource(string kind, Func<CancellationToken, Task<ProcessCommand>> resolve, TimeSpan stallTimeout, TimeProvider time, ILogger logger)
    {
        Kind = kind;
        _resolve = resolve;
        _stallTimeout = stallTimeout;
        _time = time;
        _logger = logger;
    }

    public string Kind { get; }

    public string? Description { get; private set; }

    public async Task RunAsync(FrameHub hub, CancellationToken cancellationToken)
    {
        var command = await _resolve(cancellationToken).ConfigureAwait(false);
        Description = command.Description;
        Log.CameraStarting(_logger, command.ToString());
        var program = Path.GetFileName(command.Program);
        await using var child = ChildProcess.Start(command, line => Log.CameraOutput(_logger, program, line));
        var lastFrame = _time.GetTimestamp();
        var stalled = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = WatchForStallAsync(() => Volatile.Read(ref lastFrame), () => stalled = true, stop);
        try
        {
            await MjpegReader.ReadFramesAsync(
                PipeReader.Create(child.StandardOutput),
                new JpegFrameScanner(),
                frame =>
                {
                    MjpegReader.Publish(hub, frame);
                    Volatile.Write(ref lastFrame, _time.GetTimestamp());
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
        var why = child.LastErrorLine is { } line ? $": {line}" : "";
        throw stalled
            ? new CameraException($"{program} sent no frame for {_stallTimeout.TotalSeconds:0} s{why}")
            : new CameraException($"{program} exited with code {child.ExitCode}{why}");
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
