using Microsoft.Extensions.Logging;
using PiCam.Config;
using PiCam.Platform.DuckDns;
using PiCam.Tests.Support;

namespace PiCam.Tests.DuckDns;

/// <summary>
/// The updater end to end: a real <see cref="PeriodicTimer"/> on a test clock, real HTTP to a stand-in server,
/// and every log line captured.
/// </summary>
public sealed class DuckDnsServiceTests : IAsyncLifetime
{
    private const string Token = "f00dfeed-1234-4abc-8def-0123456789ab";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly FakeClock _clock = new();
    private readonly DuckDnsLogCapture<DuckDnsService> _log = new();
    private readonly DuckDnsLogCapture<ConfigProblems> _problemLog = new();
    private readonly ConfigProblems _problems;
    private DuckDnsStandIn _standIn = null!;
    private DuckDnsService? _service;

    public DuckDnsServiceTests() => _problems = new ConfigProblems([], _problemLog);

    private IEnumerable<string> AllLogLines => _log.Lines.Concat(_problemLog.Lines).Select(line => line.Text);

    public async Task InitializeAsync() => _standIn = await DuckDnsStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.StopAsync(CancellationToken.None);
            _service.Dispose();
        }

        await _standIn.DisposeAsync();
    }

    private PicamSettings Settings(string? url = null) =>
        new() { DuckDnsDomains = ["frontdoor", "garden"], DuckDnsToken = Token, DuckDnsUrl = url ?? _standIn.UpdateUrl };

    private async Task<DuckDnsService> StartAsync(PicamSettings settings)
    {
        _service = new DuckDnsService(settings, _problems, _clock, _log);
        await _service.StartAsync(CancellationToken.None);
        return _service;
    }

    /// <summary>Moves the clock and waits until the service has finished one more update.</summary>
    private async Task AdvanceToNextUpdateAsync(TimeSpan by)
    {
        var before = _service!.Updates;
        _clock.Advance(by);
        await WaitUntilAsync(() => _service.Updates > before);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the DuckDNS updater did not get there in time");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Service_Started_UpdatesAtOnceThenEveryFiveMinutes()
    {
        var service = await StartAsync(Settings());
        await WaitUntilAsync(() => service.Updates == 1);

        Assert.Single(_standIn.Requests);
        Assert.Equal(TimeSpan.FromMinutes(5), _clock.NextDueIn);

        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        await Task.Delay(200);
        Assert.Single(_standIn.Requests);

        await AdvanceToNextUpdateAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _standIn.Requests.Count);
        Assert.Equal(TimeSpan.FromMinutes(5), _clock.NextDueIn);

        await AdvanceToNextUpdateAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(3, _standIn.Requests.Count);
        Assert.All(_standIn.Requests, request => Assert.Contains("domains=frontdoor,garden", request, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_AfterAnOk_KeepsTheResultAndItsTimeForStatus()
    {
        _standIn.Reply("OK\n198.51.100.23\n\nUPDATED");
        var service = await StartAsync(Settings());
        await WaitUntilAsync(() => service.Updates == 1);

        Assert.Equal(new DuckDnsResult(true, "198.51.100.23", true, null, _clock.GetUtcNow()), service.Last);
        var report = service.Report()!;
        Assert.Equal(["frontdoor.duckdns.org", "garden.duckdns.org"], report.Domains);
        Assert.True(report.Ok);
        Assert.Equal("198.51.100.23", report.Ip);
        Assert.Equal("2025-06-01T12:16:40Z", report.At); // the test clock's epoch plus its 1000 s start
    }

    [Fact]
    public async Task Service_AfterAKo_RetriesAfterOneMinuteThenReturnsToFiveMinutes()
    {
        _standIn.Reply("KO");
        var service = await StartAsync(Settings());
        await WaitUntilAsync(() => service.Updates == 1);

        Assert.False(service.Last!.Ok);
        Assert.Equal(TimeSpan.FromMinutes(1), _clock.NextDueIn);

        await AdvanceToNextUpdateAsync(TimeSpan.FromMinutes(1));
        Assert.True(service.Last!.Ok);
        Assert.Equal(TimeSpan.FromMinutes(5), _clock.NextDueIn);
        Assert.Equal(2, _standIn.Requests.Count);
    }

    [Fact]
    public async Task Service_AfterANetworkFailure_RetriesEveryMinuteUntilItWorks()
    {
        var closedPort = $"http://127.0.0.1:{ServerProcess.FreePort()}/update";
        var service = await StartAsync(Settings(closedPort));
        await WaitUntilAsync(() => service.Updates == 1);

        Assert.False(service.Last!.Ok);
        Assert.NotNull(service.Last.Error);
        Assert.Equal(TimeSpan.FromMinutes(1), _clock.NextDueIn);

        await AdvanceToNextUpdateAsync(TimeSpan.FromMinutes(1));
        Assert.False(service.Last!.Ok);
        Assert.Equal(TimeSpan.FromMinutes(1), _clock.NextDueIn);
    }

    [Fact]
    public async Task Service_Logging_WritesOkAtInformationAndFailuresAtWarning()
    {
        _standIn.Reply("OK\n198.51.100.23\n\nUPDATED");
        _standIn.Reply("KO");
        var service = await StartAsync(Settings());
        await WaitUntilAsync(() => service.Updates == 1);
        await AdvanceToNextUpdateAsync(TimeSpan.FromMinutes(5));

        var lines = _log.Lines;
        Assert.Contains(lines, l => l.Level == LogLevel.Information && l.Text.StartsWith("DuckDNS updated frontdoor.duckdns.org, garden.duckdns.org: 198.51.100.23 (changed)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Level == LogLevel.Warning && l.Text.StartsWith("DuckDNS update of frontdoor.duckdns.org, garden.duckdns.org failed: DuckDNS answered KO", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_EveryKindOfOutcome_NeverPutsTheTokenInALogLineOrAResult()
    {
        _standIn.Reply(DuckDnsStandIn.VerboseNoChange);
        _standIn.Reply("KO");
        _standIn.Reply("{token}? <html>{request}</html>");
        _standIn.Reply("error for {request}", status: 400);
        var service = await StartAsync(Settings());
        var results = new List<DuckDnsResult>();
        await WaitUntilAsync(() => service.Updates == 1);
        results.Add(service.Last!);
        for (var i = 0; i < 3; i++)
        {
            await AdvanceToNextUpdateAsync(_clock.NextDueIn!.Value);
            results.Add(service.Last!);
        }

        Assert.Equal([true, false, false, false], results.Select(r => r.Ok));
        Assert.All(_standIn.Requests, request => Assert.Contains(Token, request, StringComparison.Ordinal));
        Assert.Equal(5, _log.Lines.Count); // starting, then one line per update
        Assert.All(AllLogLines.Concat(results.Select(r => r.ToString())), line => Assert.DoesNotContain(Token, line, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Service_NetworkFailure_NeverPutsTheTokenInALogLineOrAResult()
    {
        var service = await StartAsync(Settings($"http://127.0.0.1:{ServerProcess.FreePort()}/update"));
        await WaitUntilAsync(() => service.Updates == 1);

        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("refused", StringComparison.OrdinalIgnoreCase));
        Assert.All(AllLogLines.Append(service.Last!.ToString()), line => Assert.DoesNotContain(Token, line, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Service_DomainsWithoutToken_SendsNothingAndReportsAProblem()
    {
        var service = await StartAsync(Settings() with { DuckDnsToken = null });
        await service.ExecuteTask!.WaitAsync(Timeout);

        Assert.Empty(_standIn.Requests);
        Assert.Null(service.Report());
        Assert.Equal(0, _clock.ActiveTimers);
        var problem = Assert.Single(_problems.Snapshot());
        Assert.Equal("DUCKDNS_TOKEN", problem.Key);
    }

    [Fact]
    public async Task Service_TokenWithoutDomains_SendsNothingAndReportsAProblemWithoutTheToken()
    {
        var service = await StartAsync(Settings() with { DuckDnsDomains = [] });
        await service.ExecuteTask!.WaitAsync(Timeout);

        Assert.Empty(_standIn.Requests);
        Assert.Null(service.Report());
        var problem = Assert.Single(_problems.Snapshot());
        Assert.Equal("DUCKDNS_DOMAINS", problem.Key);
        Assert.DoesNotContain(Token, problem.ToString(), StringComparison.Ordinal);
        Assert.All(AllLogLines, line => Assert.DoesNotContain(Token, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_NotConfiguredAtAll_DoesNothingQuietly()
    {
        var service = await StartAsync(new PicamSettings { DuckDnsUrl = _standIn.UpdateUrl });
        await service.ExecuteTask!.WaitAsync(Timeout);

        Assert.Empty(_standIn.Requests);
        Assert.Empty(_problems.Snapshot());
        Assert.Empty(AllLogLines);
        Assert.Null(service.Report());
    }

    [Fact]
    public async Task Service_BeforeTheFirstAnswer_ReportsTheDomainsWithNoOutcome()
    {
        _standIn.NeverAnswer();
        var service = await StartAsync(Settings());
        await WaitUntilAsync(() => _standIn.Requests.Count == 1);

        var report = service.Report()!;
        Assert.Equal(["frontdoor.duckdns.org", "garden.duckdns.org"], report.Domains);
        Assert.Null(report.Ok);
        Assert.Null(report.At);
    }

    [Fact]
    public async Task Service_StoppedMidRequest_EndsPromptlyWithoutRecordingAResult()
    {
        _standIn.NeverAnswer();
        var service = await StartAsync(Settings());
        await WaitUntilAsync(() => _standIn.Requests.Count == 1);

        await service.StopAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal(0, service.Updates);
        Assert.Null(service.Last);
        Assert.Equal(0, _clock.ActiveTimers);
    }
}
