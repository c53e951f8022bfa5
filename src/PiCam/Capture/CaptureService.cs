using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Capture.Simulator;
using PiCam.Config;
using PiCam.Streaming;

namespace PiCam.Capture;

/// <summary>
/// Runs and supervises the source. It runs only while frames are wanted: the first viewer or snapshot starts
/// it, and it stops once nobody has wanted frames for <c>IDLE_SECONDS</c> (unless <c>KEEP_CAMERA_ON=1</c>).
/// A source that fails (exits, stalls) is restarted with <see cref="Backoff"/>; meanwhile viewers get a
/// "NO CAMERA" picture once a second, so browsers keep their connection and people see why.
/// </summary>
internal sealed class CaptureService : BackgroundService
{
    private static readonly TimeSpan PlaceholderInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a cancelled source may take to stop: longer than a child process's SIGTERM grace (2 s).</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(5);

    private readonly IFrameSource _source;
    private readonly FrameHub _hub;
    private readonly SourceState _state;
    private readonly PicamSettings _settings;
    private readonly TimeSpan _idle;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Backoff _backoff;
    private readonly TimeSpan _stopTimeout;

    public CaptureService(IFrameSource source, FrameHub hub, SourceState state, PicamSettings settings, TimeProvider time, ILogger<CaptureService> logger, Backoff backoff)
        : this(source, hub, state, settings, time, logger, backoff, DefaultStopTimeout)
    {
    }

    internal CaptureService(IFrameSource source, FrameHub hub, SourceState state, PicamSettings settings, TimeProvider time, ILogger<CaptureService> logger, Backoff backoff, TimeSpan stopTimeout)
    {
        _stopTimeout = stopTimeout;
        _source = source;
        _hub = hub;
        _state = state;
        _settings = settings;
        _idle = TimeSpan.FromSeconds(settings.IdleSeconds);
        _time = time;
        _logger = logger;
        _backoff = backoff;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var keepOn = _settings.KeepCameraOn ? _hub.AddDemand() : null;
        var noCamera = new Lazy<NoCameraPicture>(() => new NoCameraPicture(_settings.Width, _settings.Height, _settings.Quality));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var demandChanged = _hub.DemandChanged;
                if (_hub.Demand == 0)
                {
                    _state.Unwanted();
                    await demandChanged.WaitAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }

                _state.Wanted(_time.GetTimestamp());
                await SuperviseAsync(noCamera, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (noCamera.IsValueCreated)
            {
                noCamera.Value.Dispose();
            }
        }
    }

    /// <summary>Runs the source, restarting it after failures, until nobody wants frames.</summary>
    private async Task SuperviseAsync(Lazy<NoCameraPicture> noCamera, CancellationToken stoppingToken)
    {
        while (true)
        {
            var started = _time.GetTimestamp();
            var error = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            if (error is null)
            {
                Log.SourceIdle(_logger, _source.Kind, _idle.TotalSeconds);
                return;
            }

            var delay = _backoff.Next(_time.GetElapsedTime(started));
            Log.CameraRetrying(_logger, error, delay.TotalSeconds);
            if (!await ShowNoCameraAsync(noCamera.Value, error, delay, stoppingToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>One run of the source; null when it was stopped because nobody watches, else why it failed.</summary>
    private async Task<string?> RunOnceAsync(CancellationToken stoppingToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Log.SourceStarting(_logger, _source.Kind, _hub.Demand);
        _state.Started();

        // On the thread pool, not inline: a source that never yields (a synchronous encode loop) must not
        // hold this supervisor, which has to notice the last viewer leaving and cancel it.
        var running = Task.Run(() => RunSourceAsync(run.Token), CancellationToken.None);
        string? error = null;
        try
        {
            await WaitUntilIdleOrEndedAsync(running, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // Also on shutdown (stoppingToken): the source must have stopped its camera process before the
            // host moves on, or the process exits with the camera still running.
            await run.CancelAsync().ConfigureAwait(false);
            error = await StopAsync(running, stoppingToken).ConfigureAwait(false);
            _state.Stopped(error);
        }

        return error;
    }

    /// <summary>
    /// Waits for a cancelled run to end. Past <see cref="_stopTimeout"/> it says so and keeps waiting (two runs
    /// must never share a camera), except at shutdown, which never waits on a source longer than that.
    /// </summary>
    private async Task<string?> StopAsync(Task<string?> running, CancellationToken stoppingToken)
    {
        var asked = _time.GetTimestamp();
        try
        {
            var error = await running.WaitAsync(_stopTimeout, _time, CancellationToken.None).ConfigureAwait(false);
            CaptureLog.SourceStopped(_logger, _source.Kind, _time.GetElapsedTime(asked).TotalMilliseconds);
            return error;
        }
        catch (TimeoutException)
        {
            CaptureLog.SourceSlowToStop(_logger, _source.Kind, _stopTimeout.TotalSeconds);
        }

        if (stoppingToken.IsCancellationRequested)
        {
            return null;
        }

        try
        {
            return await running.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<string?> RunSourceAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The error stays on /status until the source proves itself with a real frame.
            var before = _hub.Latest?.Sequence ?? 0;
            _ = _hub.WaitForNewerCaptureAsync(before, cancellationToken).AsTask()
                .ContinueWith(_ => _state.Recovered(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            await _source.RunAsync(_hub, cancellationToken).ConfigureAwait(false);
            return cancellationToken.IsCancellationRequested ? null : $"the {_source.Kind} source ended";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (CameraException ex)
        {
            // Every error leaves here, to /status, the NO CAMERA picture and the log: one redaction for all.
            return UrlCredentials.Redact(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // Not an exception's text: in the trimmed build that can be a bare resource key. The log has the details.
            CaptureLog.SourceFailedUnexpectedly(_logger, _source.Kind, ex);
            return $"the {_source.Kind} source failed unexpectedly ({ex.GetType().Name}); the details are in the log (journalctl -u picam)";
        }
    }

    private async Task WaitUntilIdleOrEndedAsync(Task running, CancellationToken stoppingToken)
    {
        while (!running.IsCompleted)
        {
            var demandChanged = _hub.DemandChanged;
            if (_hub.Demand > 0)
            {
                await Task.WhenAny(demandChanged, running).WaitAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            using var linger = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var idle = Task.Delay(_idle, _time, linger.Token);
            var first = await Task.WhenAny(demandChanged, running, idle).ConfigureAwait(false);
            await linger.CancelAsync().ConfigureAwait(false);
            stoppingToken.ThrowIfCancellationRequested();
            if (first == idle && _hub.Demand == 0)
            {
                return;
            }
        }
    }

    /// <summary>Publishes the NO CAMERA picture once a second until the retry; false if everyone left meanwhile.</summary>
    private async Task<bool> ShowNoCameraAsync(NoCameraPicture picture, string error, TimeSpan delay, CancellationToken stoppingToken)
    {
        var until = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            if (_hub.Demand == 0)
            {
                return false;
            }

            var remaining = TimeSpan.FromSeconds((until - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
            if (remaining <= TimeSpan.Zero)
            {
                return true;
            }

            _hub.Publish(picture.Render(error, remaining), isPlaceholder: true);
            await Task.Delay(remaining < PlaceholderInterval ? remaining : PlaceholderInterval, _time, stoppingToken).ConfigureAwait(false);
        }
    }
}
