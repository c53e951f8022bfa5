using Microsoft.Extensions.Logging;
using PiCam.Capture.Process;
using PiCam.Config;
using PiCam.Streaming;
using PiCam.WebRtc.Media;

namespace PiCam.Capture.H264;

/// <summary>
/// A camera with one owner that can send MJPEG or H.264 (the Pi camera through rpicam-vid, a webcam that
/// offers H.264): MJPEG while only MJPEG viewers watch (as ever), H.264 while any WebRTC session exists
/// (<see cref="H264CameraRun"/>: passed through to WebRTC, decoded to MJPEG for the rest). A change of
/// demand restarts the camera in the other codec; MJPEG viewers keep the last picture meanwhile. A camera
/// whose commands have no H.264 runs MJPEG throughout, and the derived encoder serves WebRTC; so does one
/// whose H.264 failed twice in a row before its first picture (an old rpicam-vid refusing an option, say),
/// from then on.
/// </summary>
internal sealed class CodecSwitchingSource : IFrameSource, IH264Source
{
    private readonly Func<CancellationToken, Task<CameraCommands>> _resolve;
    private readonly H264Hub _h264;
    private readonly TimeSpan _stallTimeout;
    private readonly int _framerate;
    private readonly int _quality;
    private readonly int _leasesOfNoViewer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile bool _suppliesH264;
    private volatile bool _h264Failed;
    private int _h264FailuresWithoutPicture;

    /// <param name="suppliesH264">What <see cref="SuppliesH264"/> says before the first start resolves the commands (true for the Pi camera).</param>
    public CodecSwitchingSource(string kind, Func<CancellationToken, Task<CameraCommands>> resolve, bool suppliesH264, H264Hub h264,
        PicamSettings settings, TimeProvider time, ILogger logger)
    {
        Kind = kind;
        _resolve = resolve;
        _suppliesH264 = suppliesH264;
        _h264 = h264;
        _stallTimeout = TimeSpan.FromSeconds(settings.StallSeconds);
        _framerate = settings.Framerate;
        _quality = settings.Quality;
        // Frame demand that is no viewer's: the H.264 encoder's while WebRTC watches, and KEEP_CAMERA_ON's.
        _leasesOfNoViewer = 1 + (settings.KeepCameraOn ? 1 : 0);
        _time = time;
        _logger = logger;
    }

    public string Kind { get; }

    public string? Description { get; private set; }

    public bool SuppliesH264 => _suppliesH264;

    public async Task RunAsync(FrameHub hub, CancellationToken cancellationToken)
    {
        var commands = await _resolve(cancellationToken).ConfigureAwait(false);
        var ffmpeg = ExecutableFinder.Find("ffmpeg");
        _suppliesH264 = commands.H264 is not null && ffmpeg is not null && !_h264Failed;
        var mjpeg = new ProcessFrameSource(Kind, _ => Task.FromResult(commands.Mjpeg), _stallTimeout, _framerate, _time, _logger);
        if (commands.H264 is not { } h264 || ffmpeg is null || _h264Failed)
        {
            Description = commands.Mjpeg.Description;
            await mjpeg.RunAsync(hub, cancellationToken).ConfigureAwait(false);
            return;
        }

        var decoder = MjpegFromH264Command.Build(ffmpeg, _framerate, _quality);
        var wasH264 = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var wantH264 = _h264.Demand > 0;
            using var modeChange = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watch = WatchDemandAsync(wantH264, modeChange);
            try
            {
                if (wantH264)
                {
                    Description = $"{h264.Description}; MJPEG decoded from it";
                    H264Log.CameraInH264(_logger, h264.Description);
                    var run = new H264CameraRun(_h264, _stallTimeout, _time, _logger, () => hub.Demand > _leasesOfNoViewer);
                    try
                    {
                        await run.RunAsync(hub, h264, decoder, modeChange.Token).ConfigureAwait(false);
                    }
                    catch (CameraException ex) when (run.Published == 0 && ++_h264FailuresWithoutPicture >= 2)
                    {
                        _h264Failed = true;
                        _suppliesH264 = false;
                        H264Log.CameraH264Failed(_logger, ex.Message);
                        throw;
                    }
                    finally
                    {
                        if (run.Published > 0)
                        {
                            _h264FailuresWithoutPicture = 0;
                        }
                    }
                }
                else
                {
                    Description = commands.Mjpeg.Description;
                    if (wasH264)
                    {
                        H264Log.CameraBackToMjpeg(_logger, commands.Mjpeg.Description);
                    }

                    await mjpeg.RunAsync(hub, modeChange.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (modeChange.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The demand changed: run the camera in the other codec.
            }
            finally
            {
                await modeChange.CancelAsync().ConfigureAwait(false);
                await watch.ConfigureAwait(false);
            }

            wasH264 = wantH264;
        }
    }

    /// <summary>Cancels <paramref name="modeChange"/> once WebRTC demand no longer matches <paramref name="h264"/>.</summary>
    private async Task WatchDemandAsync(bool h264, CancellationTokenSource modeChange)
    {
        try
        {
            while (true)
            {
                var changed = _h264.DemandChanged;
                if ((_h264.Demand > 0) != h264)
                {
                    break;
                }

                await changed.WaitAsync(modeChange.Token).ConfigureAwait(false);
            }

            await modeChange.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
