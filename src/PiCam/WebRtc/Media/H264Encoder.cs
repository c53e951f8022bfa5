using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Capture.Jpeg;
using PiCam.Capture.Process;
using PiCam.Config;
using PiCam.Streaming;

namespace PiCam.WebRtc.Media;

/// <summary>
/// Derives H.264 from the camera's MJPEG while a WebRTC session exists: ffmpeg as a child reads the
/// <see cref="FrameHub"/>'s JPEGs, decoded to raw YUV by picam (<see cref="JpegYuvDecoder"/>), on stdin and writes constrained baseline (no B-frames, a keyframe each
/// second, SPS/PPS before every IDR, a delimiter before every picture) as Annex-B on stdout, which
/// <see cref="AccessUnitSplitter"/> cuts into the <see cref="H264Hub"/>. One camera process feeds both
/// kinds of viewer; the encoder stops when the last session ends. The encoder is chosen once at start
/// (<see cref="H264EncoderChoice"/>). A camera that emits H.264 itself (<see cref="IH264Source"/>) makes this
/// path stand aside: while WebRTC viewers watch, this service only keeps the camera wanted.
/// </summary>
internal sealed class H264Encoder : BackgroundService
{
    private readonly H264Hub _h264;
    private readonly FrameHub _frames;
    private readonly PicamSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IH264EncoderProbe _probe;
    private readonly Capture.IFrameSource _source;
    private H264EncoderChoice _choice = new(H264EncoderChoice.Software, null);

    public H264Encoder(H264Hub h264, FrameHub frames, PicamSettings settings, TimeProvider time, ILogger<H264Encoder> logger, IH264EncoderProbe probe, Capture.IFrameSource source)
    {
        _h264 = h264;
        _frames = frames;
        _settings = settings;
        _time = time;
        _logger = logger;
        _probe = probe;
        _source = source;
    }

    /// <summary>Processor time the current encoder has used, for /status and measurements.</summary>
    public TimeSpan? EncoderCpu { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_settings.WebRtcPort == 0 && _settings.BackendUrl is null)
        {
            return; // WebRTC is off and no backend asks for sessions: none will ever want H.264, so ffmpeg need not even be asked.
        }

        _choice = await H264EncoderChoice.ChooseAsync(_probe, stoppingToken).ConfigureAwait(false);
        _h264.DerivedEncoder = _choice.Encoder;
        H264Log.EncoderChosen(_logger, _choice.Encoder, _choice.Device is { } device
            ? $"ffmpeg has it and {device} is a V4L2 encoder"
            : "no hardware H.264 encoder: ffmpeg lacks h264_v4l2m2m or no /dev/video* encoder device exists");
        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = _h264.DemandChanged;
            if (_h264.Demand == 0)
            {
                await changed.WaitAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            // The camera runs while WebRTC viewers watch, whichever path makes their H.264.
            using var wanted = _frames.AddDemand();
            await SupplyWhileWantedAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    private bool CameraSuppliesH264 => _h264.NativeActive || _source is IH264Source { SuppliesH264: true };

    private async Task SupplyWhileWantedAsync(CancellationToken stoppingToken)
    {
        var saidAside = false;
        while (!stoppingToken.IsCancellationRequested && _h264.Demand > 0)
        {
            var nativeChanged = _h264.NativeChanged;
            if (CameraSuppliesH264)
            {
                // Until the camera takes or gives up the hub, WebRTC demand ends, or a second passes: a camera whose
                // H.264 failed says so (SuppliesH264 false) only after it has released the hub.
                if (!saidAside)
                {
                    H264Log.EncoderStandsAside(_logger);
                    saidAside = true;
                }

                using var aside = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(nativeChanged, WhenDemandGoneAsync(aside.Token), Task.Delay(TimeSpan.FromSeconds(1), _time, aside.Token))
                    .WaitAsync(stoppingToken).ConfigureAwait(false);
                await aside.CancelAsync().ConfigureAwait(false);
                continue;
            }

            var ffmpeg = ExecutableFinder.Find("ffmpeg");
            if (ffmpeg is null)
            {
                WebRtcLog.EncoderMissing(_logger);
                await Task.Delay(TimeSpan.FromSeconds(10), _time, stoppingToken).ConfigureAwait(false);
                continue;
            }

            using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var demandGone = Task.WhenAny(WhenDemandGoneAsync(run.Token), nativeChanged);
            try
            {
                await RunOnceAsync(ffmpeg, demandGone, run).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                WebRtcLog.EncoderFailed(_logger, ex.Message);
            }
            finally
            {
                await run.CancelAsync().ConfigureAwait(false);
                _h264.Reset();
            }

            if (!stoppingToken.IsCancellationRequested && _h264.Demand > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WhenDemandGoneAsync(CancellationToken token)
    {
        while (_h264.Demand > 0)
        {
            await _h264.DemandChanged.WaitAsync(token).ConfigureAwait(false);
        }
    }

    private async Task RunOnceAsync(string ffmpeg, Task demandGone, CancellationTokenSource run)
    {
        // ffmpeg takes raw pictures, so the first JPEG sets their size and subsampling for the whole run.
        using var decoder = new JpegYuvDecoder();
        var firstFrame = _frames.WaitForNewerCaptureAsync(0, run.Token).AsTask();
        if (await Task.WhenAny(demandGone, firstFrame).ConfigureAwait(false) == demandGone)
        {
            return;
        }

        var first = await firstFrame.ConfigureAwait(false);
        if (!decoder.TryReadFormat(first.Jpeg.Span, out var format) || format.PixelFormat is null)
        {
            throw new IOException("the camera's JPEG has a header libjpeg-turbo cannot read or a chroma subsampling ffmpeg cannot take");
        }

        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _choice.Arguments(_settings.Framerate, format))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        WebRtcLog.EncoderStarted(_logger, process.Id);
        var lastError = "";
        process.ErrorDataReceived += (_, e) => lastError = e.Data ?? lastError;
        process.BeginErrorReadLine();
        var captured = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var token = run.Token;
        var feed = new RawPictureFeed(_frames, _logger).RunAsync(process.StandardInput.BaseStream, decoder, format, first.Sequence - 1, captured, token);
        var read = ReadAsync(process.StandardOutput.BaseStream, captured, token);
        var ended = await Task.WhenAny(demandGone, feed, read).ConfigureAwait(false);
        await run.CancelAsync().ConfigureAwait(false);
        try
        {
            EncoderCpu = process.TotalProcessorTime;
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        await Task.WhenAll(Quietly(feed), Quietly(read)).ConfigureAwait(false);
        WebRtcLog.EncoderStopped(_logger, _h264.Published);
        if (ended != demandGone && !demandGone.IsCompleted)
        {
            throw new IOException($"ffmpeg ended: {(lastError.Length > 0 ? lastError : "no message")}");
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

    private async Task ReadAsync(Stream stdout, System.Collections.Concurrent.ConcurrentQueue<long> captured, CancellationToken token)
    {
        var splitter = _choice.NewSplitter();
        var buffer = new byte[64 * 1024];
        void OnAccessUnit(byte[] unit, bool keyframe) =>
            _h264.Publish(unit, keyframe, captured.TryDequeue(out var ticks) ? ticks : _time.GetTimestamp());
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
}
