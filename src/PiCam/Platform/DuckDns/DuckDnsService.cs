using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Config;

namespace PiCam.Platform.DuckDns;

/// <summary>
/// Keeps <c>DUCKDNS_DOMAINS</c> pointed at this network's public address: an update at start, then one every
/// <see cref="Interval"/>. After a failure (a <c>KO</c>, a network error, a timeout) the next try comes after
/// <see cref="RetryInterval"/> instead, so a router that was still coming up or a typo fixed at DuckDNS's end is
/// picked up within a minute, while a wrong token costs DuckDNS one request a minute, not a storm. Each interval
/// counts from the end of the previous update. Does nothing without both domains and a token; either one alone
/// is a configuration problem. The token goes into the request and nowhere else.
/// </summary>
internal sealed class DuckDnsService : BackgroundService
{
    public const string ProblemOwner = "duckdns";
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(1);

    private readonly PicamSettings _settings;
    private readonly ConfigProblems _problems;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string[] _hostNames;
    private DuckDnsResult? _last;
    private long _updates;

    public DuckDnsService(PicamSettings settings, ConfigProblems problems, TimeProvider time, ILogger<DuckDnsService> logger)
    {
        _settings = settings;
        _problems = problems;
        _time = time;
        _logger = logger;
        _hostNames = [.. settings.DuckDnsDomains.Select(name => name + ".duckdns.org")];
    }

    public bool Configured => _hostNames.Length > 0 && _settings.DuckDnsToken is not null;

    /// <summary>The newest update's outcome, or null before the first one has finished.</summary>
    public DuckDnsResult? Last => Volatile.Read(ref _last);

    /// <summary>How many updates have finished (with any outcome); tests wait on it.</summary>
    internal long Updates => Interlocked.Read(ref _updates);

    /// <summary>The <c>/status</c> object, or null when DuckDNS is not configured.</summary>
    public DuckDnsReport? Report() => Configured ? DuckDnsReport.From(_hostNames, Last) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _problems.Set(ProblemOwner, ConfigProblem());
        if (!Configured)
        {
            return;
        }

        var domains = string.Join(", ", _hostNames);
        using var client = new DuckDnsClient(_settings.DuckDnsUrl, _settings.DuckDnsDomains, _settings.DuckDnsToken!, _time);
        using var timer = new PeriodicTimer(Interval, _time);
        DuckDnsLog.Starting(_logger, domains, Interval.TotalMinutes);
        try
        {
            do
            {
                var result = await UpdateAsync(client, stoppingToken).ConfigureAwait(false);

                // Setting the period restarts the timer: the next update is this long after this one ended.
                timer.Period = result.Ok ? Interval : RetryInterval;
                Volatile.Write(ref _last, result);
                if (result.Ok)
                {
                    DuckDnsLog.Updated(_logger, domains, result.Ip, result.Changed);
                }
                else
                {
                    DuckDnsLog.Failed(_logger, domains, result.Error ?? "unknown error", RetryInterval.TotalMinutes);
                }

                Interlocked.Increment(ref _updates);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<DuckDnsResult> UpdateAsync(DuckDnsClient client, CancellationToken stoppingToken)
    {
        try
        {
            return await client.UpdateAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Whatever the network stack throws that the client did not expect: an optional updater must never
            // stop the camera (an exception out of a BackgroundService stops the host). Redacted like the rest.
            return DuckDnsResult.Failed(client.Redact(ex.Message), _time.GetUtcNow());
        }
    }

    private ConfigProblem? ConfigProblem() => (_hostNames.Length > 0, _settings.DuckDnsToken is not null) switch
    {
        (true, false) => new ConfigProblem("DUCKDNS_TOKEN", "DUCKDNS_DOMAINS is set but DUCKDNS_TOKEN is not; DuckDNS is not updated"),
        (false, true) => new ConfigProblem("DUCKDNS_DOMAINS", "DUCKDNS_TOKEN is set but DUCKDNS_DOMAINS names no valid domain; DuckDNS is not updated"),
        _ => null,
    };
}
