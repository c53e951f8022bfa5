using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using PiCam.Capture.Jpeg;
using PiCam.Capture.Process;
using PiCam.Streaming;
using PiCam.WebRtc.Media;

namespace PiCam.Capture.H264;

/// <summary>
/// One run of a camera in H.264: the camera's Annex-B stdout is cut into access units
/// (<see cref="AccessUnitSplitter"/>) and published to the <see cref="H264Hub"/> as they are (passthrough,
/// under a native lease), and an ffmpeg decoder fed the same pictures writes MJPEG for the
/// <see cref="FrameHub"/>, so MJPEG viewers, snapshots and the watchdog carry on from the one camera. The
/// decoder reads the hub like a session: newest wins, and after a gap it waits for the next keyframe, so a
/// slow decoder never holds up the camera or WebRTC. While no MJPEG viewer or snapshot wants frames (only
/// WebRTC watches), it is fed keyframes alone: a picture a second keeps <c>/current.jpg</c>, <c>/status</c>
/// and the watchdog fresh at a thirtieth of the cost, and a viewer who comes gets full motion from the next
/// keyframe. Ends on cancellation (OperationCanceledException), or
/// with a <see cref="CameraException"/> when the camera or the decoder exits or the camera stalls.
/// </summary>
internal sealed class H264CameraRun
{
    private static readonly TimeSpan StallCheck = TimeSpan.FromMilliseconds(250);
    private readonly H264Hub _h264;
    private readonly TimeSpan _stallTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<bool> _mjpegWanted;
    private long _lastUnit;
    private long _published;

    /// <param name="mjpegWanted">Whether anyone but WebRTC wants the MJPEG now (viewers, snapshots).</param>
    public H264CameraRun(H264Hub h264, TimeSpan stallTimeout, TimeProvider time, ILogger logger, Func<bool> mjpegWanted)
    {
        _mjpegWanted = mjpegWanted;
        _h264 = h264;
        _stallTimeout = stallTimeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>Pictures the camera has sent in this run: none means its H.264 never worked.</summary>
    public long Published => Interlocked.Read(ref _published);

    public async Task RunAsync(FrameHub frames, ProcessCommand camera, ProcessCommand decoder, CancellationToken cancellationToken)
    {
        Log.CameraStarting(_logger, camera.ToString());
        var program = Path.GetFileName(camera.Program);
        await using var cameraProcess = ChildProcess.Start(camera, line => Log.CameraOutput(_logger, program, line));
        await using var decoderProcess = ChildProcess.Start(decoder, line => H264Log.DecoderOutput(_logger, line), writesStdin: true);
        using var native = _h264.ClaimNative(camera.Description);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _lastUnit, _time.GetTimestamp());
        var scanner = new JpegFrameScanner();
        var read = ReadCameraAsync(cameraProcess.StandardOutput, stop.Token);
        var feed = FeedDecoderAsync(decoderProcess.StandardInput, stop.Token);
        var decode = MjpegReader.ReadFramesAsync(PipeReader.Create(decoderProcess.StandardOutput), scanner, frame => MjpegReader.Publish(frames, frame), stop.Token);
        var stall = WatchForStallAsync(stop.Token);
        var first = await Task.WhenAny(read, feed, decode, stall).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        // The decoder ends at once at the end of its input (on SIGTERM alone, blocked reading a pipe, it can take
        // the whole grace period): close its stdin once the feed has stopped, then stop both processes together.
        // A pipe read or write may not heed the token, but it ends with its process.
        await Task.WhenAny(Quietly(feed), Task.Delay(ChildProcess.StopGrace, CancellationToken.None)).ConfigureAwait(false);
        CloseQuietly(decoderProcess.StandardInput);
        await Task.WhenAll(cameraProcess.StopAsync(), decoderProcess.StopAsync()).ConfigureAwait(false);
        await Task.WhenAll(Quietly(read), Quietly(feed), Quietly(decode), Quietly(stall)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        await cameraProcess.WaitForStderrAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        var why = cameraProcess.LastErrorLine is { } line ? $": {line}" : "";
        if (first == stall)
        {
            throw new CameraException($"{program} sent no H.264 for {_stallTimeout.TotalSeconds:0} s{why}");
        }

        if (first == read)
        {
            throw new CameraException($"{program} exited with code {cameraProcess.ExitCode} while sending H.264{why}");
        }

        await decoderProcess.WaitForStderrAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        var decoderWhy = decoderProcess.LastErrorLine is { } decoderLine ? $": {decoderLine}" : "";
        throw new CameraException($"ffmpeg, decoding the camera's H.264 to MJPEG, ended{decoderWhy}");
    }

    private async Task ReadCameraAsync(Stream stdout, CancellationToken token)
    {
        var splitter = new AccessUnitSplitter();
        var buffer = new byte[64 * 1024];
        void OnAccessUnit(byte[] unit, bool keyframe)
        {
            var now = _time.GetTimestamp();
            Volatile.Write(ref _lastUnit, now);
            _h264.Publish(unit, keyframe, now, native: true);
            Interlocked.Increment(ref _published);
        }

        while (true)
        {
            var n = await stdout.ReadAsync(buffer, token).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            splitter.Append(buffer.AsSpan(0, n), OnAccessUnit);
        }
    }

    private async Task FeedDecoderAsync(Stream stdin, CancellationToken token)
    {
        var fed = _h264.Published;
        var waitForKeyframe = true;
        long skipped = 0;
        while (true)
        {
            var unit = await _h264.WaitForNewerAsync(fed, token).ConfigureAwait(false);
            if (unit.Sequence != fed + 1)
            {
                waitForKeyframe = true;
            }

            fed = unit.Sequence;
            if (!unit.IsKeyframe && !_mjpegWanted())
            {
                waitForKeyframe = true; // keyframes only; motion resumes at the next one
                continue;
            }

            if (waitForKeyframe && !unit.IsKeyframe)
            {
                skipped++;
                continue;
            }

            if (skipped > 0)
            {
                H264Log.DecoderSkipped(_logger, skipped);
                skipped = 0;
            }

            waitForKeyframe = false;
            await stdin.WriteAsync(unit.Data, token).ConfigureAwait(false);
            await stdin.FlushAsync(token).ConfigureAwait(false);
        }
    }

    private async Task WatchForStallAsync(CancellationToken token)
    {
        while (true)
        {
            await Task.Delay(StallCheck, _time, token).ConfigureAwait(false);
            if (_time.GetElapsedTime(Volatile.Read(ref _lastUnit)) > _stallTimeout)
            {
                return;
            }
        }
    }

    private static void CloseQuietly(Stream stream)
    {
        try
        {
            stream.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }
}
