using Microsoft.Extensions.Logging;
using PiCam.Capture.PiCamera;
using PiCam.Capture.Process;
using PiCam.Capture.Webcam;
using PiCam.Config;
using PiCam.Platform;
using PiCam.Streaming;

namespace PiCam.Capture;

/// <summary>
/// <c>VIDEO_SOURCE=auto</c>: at each start, the Pi camera when <c>rpicam-vid --list-cameras</c> lists one,
/// else the first V4L2 device offering MJPEG (else any capture device), else the simulator with the config
/// problem "no camera found". Detecting at each start means a camera plugged in later is found.
/// </summary>
internal sealed class AutoSource : IFrameSource
{
    private const string ProblemOwner = "auto";
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(15);

    private readonly PicamSettings _settings;
    private readonly ConfigProblems _problems;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private IFrameSource? _current;

    public AutoSource(PicamSettings settings, ConfigProblems problems, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _problems = problems;
        _time = time;
        _logger = logger;
    }

    public string Kind => "auto";

    public string? Description => _current?.Description;

    public async Task RunAsync(FrameHub hub, CancellationToken cancellationToken)
    {
        _current = await DetectAsync(cancellationToken).ConfigureAwait(false);
        Log.CameraDetected(_logger, _current.Description ?? _current.Kind);
        await _current.RunAsync(hub, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IFrameSource> DetectAsync(CancellationToken cancellationToken)
    {
        var stall = TimeSpan.FromSeconds(_settings.StallSeconds);
        if (RpicamCommand.FindProgram() is { } rpicam)
        {
            var listed = await ToolRunner.RunAsync(rpicam, ["--list-cameras"], ListTimeout, cancellationToken).ConfigureAwait(false);
            if (PiCameraList.Parse(listed.Output + listed.Errors).Count > 0)
            {
                _problems.Set(ProblemOwner, null);
                var command = RpicamCommand.Build(rpicam, _settings);
                return new ProcessFrameSource("picamera", _ => Task.FromResult(command), stall, _settings.Framerate, _time, _logger);
            }
        }

        if (ExecutableFinder.Find(WebcamCommand.Program) is not null
            && await WebcamDevices.ChooseAsync(null, cancellationToken).ConfigureAwait(false) is { } webcam)
        {
            _problems.Set(ProblemOwner, null);
            var command = WebcamCommand.Build(webcam.Device, webcam.Formats, _settings);
            return new ProcessFrameSource("webcam", _ => Task.FromResult(command), stall, _settings.Framerate, _time, _logger);
        }

        _problems.Set(ProblemOwner, new ConfigProblem("VIDEO_SOURCE", "no camera found (no Pi camera listed by rpicam-vid, no USB camera); showing the simulator"));
        return new Simulator.SimulatorSource(_settings.Width, _settings.Height, _settings.Framerate, _settings.Quality, _settings.Name, _time);
    }
}
