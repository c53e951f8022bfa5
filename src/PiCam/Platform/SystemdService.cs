using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PiCam.Platform;

/// <summary>
/// Talks to systemd for the lifetime of the process: <c>READY=1</c> once serving, <c>WATCHDOG=1</c> every
/// half <c>WATCHDOG_USEC</c> while <see cref="WatchdogPolicy"/> says we are healthy, <c>STOPPING=1</c> at the end.
/// </summary>
internal sealed class SystemdService : BackgroundService
{
    private readonly SystemdNotifier _notifier;
    private readonly WatchdogPolicy _policy;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan? _interval;

    public SystemdService(SystemdNotifier notifier, WatchdogPolicy policy, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<SystemdService> logger, Func<string, string?> environment)
    {
        _notifier = notifier;
        _policy = policy;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
        _interval = WatchdogInterval(environment);
    }

    /// <summary>Half of <c>WATCHDOG_USEC</c> when the watchdog is meant for this process, else null.</summary>
    public static TimeSpan? WatchdogInterval(Func<string, string?> environment)
    {
        var pid = environment("WATCHDOG_PID");
        if (pid is not null && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return long.TryParse(environment("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromTicks(usec * 10 / 2)
            : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled)
        {
            return;
        }

        _lifetime.ApplicationStarted.Register(() => _notifier.Notify("READY=1\nSTATUS=Serving"));
        _lifetime.ApplicationStopping.Register(() => _notifier.Notify("STOPPING=1"));
        if (_interval is not { } interval)
        {
            return;
        }

        var wasHealthy = true;
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var healthy = _policy.IsHealthy();
                if (healthy)
                {
                    _notifier.Notify("WATCHDOG=1");
                }

                if (healthy != wasHealthy)
                {
                    Log.WatchdogState(_logger, healthy);
                    wasHealthy = healthy;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
