using Microsoft.Extensions.Logging;
using PiCam.Capture.H264;
using PiCam.Capture.PiCamera;
using PiCam.Capture.Process;
using PiCam.Capture.Webcam;
using PiCam.Config;
using PiCam.Platform;
using PiCam.Streaming;
using PiCam.WebRtc.Media;

namespace PiCam.Capture;

/// <summary>
/// <c>VIDEO_SOURCE=auto</c>: at each start, the Pi camera when <c>rpicam-vid --list-cameras</c> lists one,
/// else the first V4L2 device offering MJPEG (else any capture device), else the simulator with the config
/// problem "no camera found". Detecting at each start means a camera plugged in later is found. A camera
/// found runs as a <see cref="CodecSwitchingSource"/>, so it sends its own H.264 to WebRTC when it can.
/// </summary>
internal sealed class AutoSource : IFrameSource, IH264Source
{
    private const string ProblemOwner = "auto";
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(15);

    private readonly PicamSettings _settings;
    private readonly ConfigProblems _problems;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly H264Hub _h264;
    private IFrameSource? _current;

    public AutoSource(PicamSettings settings, ConfigProblems problems, H264Hub h264, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _problems = problems;
        _h264 = h264;
        _time = time;
        _logger = logger;
    }

    public string Kind => "auto";

    public string? Description => _current?.Description;

    /// <summary>As the camera found at the last start says (false before the first).</summary>
    public bool SuppliesH264 => _current is IH264Source { SuppliesH264: true };

    public async Task RunAsync(FrameHub hub, CancellationToken cancellationToken)
    {
        _current = await DetectAsync(cancellationToken).ConfigureAwait(false);
        Log.CameraDetected(_logger, _current.Description ?? _current.Kind);
        await _current.RunAsync(hub, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IFrameSource> DetectAsync(CancellationToken cancellationToken)
    {
        if (RpicamCommand.FindProgram() is { } rpicam)
        {
            var listed = await ToolRunner.RunAsync(rpicam, ["--list-cameras"], ListTimeout, cancellationToken).ConfigureAwait(false);
            if (PiCameraList.Parse(listed.Output + listed.Errors).Count > 0)
            {
                _problems.Set(ProblemOwner, null);
                var commands = RpicamCommand.Commands(rpicam, _settings);
                return new CodecSwitchingSource("picamera", _ => Task.FromResult(commands), true, _h264, _settings, _time, _logger);
            }
        }

        if (ExecutableFinder.Find(WebcamCommand.Program) is not null
            && await WebcamDevices.ChooseAsync(null, cancellationToken).ConfigureAwait(false) is { } webcam)
        {
            _problems.Set(ProblemOwner, null);
            var commands = WebcamCommand.Commands(webcam.Device, webcam.Formats, _settings);
            return new CodecSwitchingSource("webcam", _ => Task.FromResult(commands), commands.H264 is not null, _h264, _settings, _time, _logger);
        }

        _problems.Set(ProblemOwner, new ConfigProblem("VIDEO_SOURCE", "no camera found (no Pi camera listed by rpicam-vid, no USB camera); showing the simulator"));
        return new Simulator.SimulatorSource(_settings.Width, _settings.Height, _settings.Framerate, _settings.Quality, _settings.Name, _time);
    }
}
