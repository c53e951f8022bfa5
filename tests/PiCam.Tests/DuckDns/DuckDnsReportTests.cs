using System.Text.Json;
using PiCam.Platform.DuckDns;

namespace PiCam.Tests.DuckDns;

/// <summary>The <c>duckdns</c> object of <c>/status</c>, serialized with the same options as the real status context.</summary>
public sealed class DuckDnsReportTests
{
    private static readonly string[] Domains = ["mycam.duckdns.org"];

    [Fact]
    public void Report_BeforeTheFirstUpdate_HasTheDomainsAndNullsEverywhereElse()
    {
        var json = JsonSerializer.Serialize(DuckDnsReport.From(Domains, null), DuckDnsReportJsonContext.Default.DuckDnsReport);

        Assert.Equal("""{"domains":["mycam.duckdns.org"],"ok":null,"ip":null,"changed":null,"error":null,"at":null}""", json);
    }

    [Fact]
    public void Report_AfterAnUpdate_HasItsOutcomeAndAnIsoUtcTimeToTheSecond()
    {
        var at = new DateTimeOffset(2025, 6, 1, 14, 5, 9, 700, TimeSpan.FromHours(2));
        var report = DuckDnsReport.From(Domains, new DuckDnsResult(true, "203.0.113.7", false, null, at));

        var json = JsonSerializer.Serialize(report, DuckDnsReportJsonContext.Default.DuckDnsReport);

        Assert.Equal("""{"domains":["mycam.duckdns.org"],"ok":true,"ip":"203.0.113.7","changed":false,"error":null,"at":"2025-06-01T12:05:09Z"}""", json);
        Assert.Equal(at.ToUnixTimeSeconds(), report.AtUnixSeconds);
    }

    [Fact]
    public void Report_AfterAFailure_CarriesTheError()
    {
        var at = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var report = DuckDnsReport.From(Domains, DuckDnsResult.Failed("DuckDNS answered KO: check DUCKDNS_TOKEN and DUCKDNS_DOMAINS", at));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, DuckDnsReportJsonContext.Default.DuckDnsReport));

        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal("DuckDNS answered KO: check DUCKDNS_TOKEN and DUCKDNS_DOMAINS", json.RootElement.GetProperty("error").GetString());
    }
}
