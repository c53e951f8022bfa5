using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Capture;
using PiCam.Config;
using PiCam.Http;

namespace PiCam.Platform.Gpio;

/// <summary>
/// Drives the privacy/status light on <c>STATUS_LED_GPIO</c>: lit while anyone watches, a slow blink while the
/// camera is down (<see cref="StatusLightPolicy"/>). Writes the line only when its value changes. A line that
/// cannot be opened, or stops working, is a configuration problem on <c>/status</c>, never a crash.
/// </summary>
internal sealed class StatusLight : BackgroundService
{
    public const string ProblemOwner = "status-led";
    public const string ProblemKey = "STATUS_LED_GPIO";

    private readonly PicamSettings _settings;
    private readonly ViewerRegistry _viewers;
    private readonly SourceState _source;
    private readonly ConfigProblems _problems;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<PicamSettings, IStatusLine> _openLine;
    private long _evaluations;
    private readonly PiCam.WebRtc.Media.H264Hub? _webRtcViewers; // each WebRTC session holds one unit of its demand

    public StatusLight(PicamSettings settings, ViewerRegistry viewers, SourceState source, ConfigProblems problems, TimeProvider time, ILogger<StatusLight> logger, Func<PicamSettings, IStatusLine> openLine, PiCam.WebRtc.Media.H264Hub? webRtcViewers = null)
    {
        _webRtcViewers = webRtcViewers;
        _settings = settings;
        _viewers = viewers;
        _source = source;
        _problems = problems;
        _time = time;
        _logger = logger;
        _openLine = openLine;
    }

    /// <summary>How many times the light has been evaluated (once at start, then once a tick); tests wait on it.</summary>
    internal long Evaluations => Interlocked.Read(ref _evaluations);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_settings.StatusLedGpio is not { } gpio)
        {
            return;
        }

        IStatusLine line;
        try
        {
            // Any failure: an optional light must never take the camera down, whatever the OS says.
            line = _openLine(_settings);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Report(gpio, "cannot be used", ex.Message);
            return;
        }

        GpioLog.StatusLightReady(_logger, gpio, _settings.StatusLedChip, _settings.StatusLedActiveLow);
        bool released;
        using (line)
        {
            released = await ShowAsync(line, gpio, stoppingToken).ConfigureAwait(false);
        }

        if (released)
        {
            GpioLog.StatusLightReleased(_logger, gpio, _settings.StatusLedChip);
        }
    }

    /// <summary>Shows the state until stopped (true, the light turned off) or the line fails (false, a problem reported).</summary>
    private async Task<bool> ShowAsync(IStatusLine line, int gpio, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(StatusLightPolicy.Tick, _time);
        var started = _time.GetTimestamp();
        bool? shown = null;
        try
        {
            do
            {
                // "Down" only while frames are wanted: an idle camera that failed last time is not blinking news.
                var cameraDown = !_source.Online && _source.WantedSince != 0;
                var desired = StatusLightPolicy.Desired(_viewers.Count + (_webRtcViewers?.Demand ?? 0), !cameraDown, _time.GetElapsedTime(started));
                if (desired != shown)
                {
                    line.Set(desired);
                    shown = desired;
                    GpioLog.StatusLightChanged(_logger, desired);
                }

                Interlocked.Increment(ref _evaluations);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (IOException ex)
        {
            Report(gpio, "stopped working", ex.Message);
            return false;
        }

        if (shown != false)
        {
            TurnOff(line);
        }

        return true;
    }

    private void TurnOff(IStatusLine line)
    {
        try
        {
            line.Set(false);
        }
        catch (IOException ex)
        {
            GpioLog.StatusLightNotTurnedOff(_logger, ex.Message);
        }
    }

    private void Report(int gpio, string what, string reason) =>
        _problems.Set(ProblemOwner, new ConfigProblem(ProblemKey, $"GPIO line {gpio} on {_settings.StatusLedChip} {what}: {reason}; no status light"));
}
