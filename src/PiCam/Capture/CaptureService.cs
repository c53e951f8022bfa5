using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Config;
using PiCam.Streaming;

namespace PiCam.Capture;

/// <summary>
/// Runs the source only while frames are wanted: the first viewer or snapshot starts it, and it stops once
/// nobody has wanted frames for <see cref="PicamSettings.IdleSeconds"/>. No viewers, no CPU.
/// A source that fails is retried after a pause while demand remains.
/// </summary>
internal sealed class CaptureService : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly IFrameSource _source;
    private readonly FrameHub _hub;
    private readonly SourceState _state;
    private readonly TimeSpan _idle;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public CaptureService(IFrameSource source, FrameHub hub, SourceState state, PicamSettings settings, TimeProvider time, ILogger<CaptureService> logger)
    {
        _source = source;
        _hub = hub;
        _state = state;
        _idle = TimeSpan.FromSeconds(settings.IdleSeconds);
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var demandChanged = _hub.DemandChanged;
                if (_hub.Demand == 0)
                {
                    await demandChanged.WaitAsync(stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await RunWhileWantedAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunWhileWantedAsync(CancellationToken stoppingToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Log.SourceStarting(_logger, _source.Kind, _hub.Demand);
        _state.Started();
        var running = RunSourceAsync(run.Token);
        await WaitUntilIdleOrEndedAsync(running, stoppingToken).ConfigureAwait(false);
        await run.CancelAsync().ConfigureAwait(false);
        var error = await running.ConfigureAwait(false);
        _state.Stopped(error);
        if (error is null)
        {
            Log.SourceIdle(_logger, _source.Kind, _idle.TotalSeconds);
            return;
        }

        Log.SourceFailed(_logger, _source.Kind, error);
        await Task.Delay(RetryDelay, _time, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Runs the source; returns null when it was stopped on purpose, else why it failed.</summary>
    private async Task<string?> RunSourceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var before = _hub.Latest?.Sequence ?? 0;
            // The error stays on /status until the source proves itself with a frame.
            _ = _hub.WaitForNewerAsync(before, cancellationToken).AsTask()
                .ContinueWith(_ => _state.Recovered(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            await _source.RunAsync(_hub, cancellationToken).ConfigureAwait(false);
            return cancellationToken.IsCancellationRequested ? null : "the source ended";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            return ex.Message;
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
}
