using System.Text.Json;
using PiCam.Tests.Support;

namespace PiCam.Tests.DuckDns;

/// <summary>
/// The real server with <c>DUCKDNS_*</c> pointing at a stand-in: the update at boot shows on <c>/status</c> and
/// <c>/metrics</c>, and the token shows nowhere. Needs <c>DuckDnsService</c> wired into <c>AppHost</c>,
/// <c>StatusReport</c>/<c>StatusBuilder</c> and <c>MetricsEndpoint</c>; it fails until then.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DuckDnsEndToEndTests : IAsyncLifetime
{
    private const string Token = "c0ffee00-dead-4bee-8f00-0123456789ab";

    private DuckDnsStandIn _standIn = null!;
    private ServerProcess _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _standIn = await DuckDnsStandIn.StartAsync();
        _standIn.DefaultReply = "OK\n198.51.100.42\n\nUPDATED";
        _server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["DUCKDNS_DOMAINS"] = "porch,yard.duckdns.org",
            ["DUCKDNS_TOKEN"] = Token,
            ["DUCKDNS_URL"] = _standIn.UpdateUrl,
            ["VERBOSE"] = "1",
        });
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _standIn.DisposeAsync();
    }

    [Fact]
    public async Task Server_WithDuckDnsConfigured_UpdatesAtBootAndShowsTheResultButNeverTheToken()
    {
        var status = await Json.WaitForStatusAsync(
            _client,
            s => s.TryGetProperty("duckdns", out var d) && d.ValueKind == JsonValueKind.Object && d.GetProperty("ok").ValueKind != JsonValueKind.Null,
            TimeSpan.FromSeconds(15));

        Assert.True(status.TryGetProperty("duckdns", out var duckDns), "/status has no \"duckdns\": is DuckDnsService wired into AppHost and StatusBuilder?");
        Assert.True(duckDns.GetProperty("ok").GetBoolean());
        Assert.Equal("198.51.100.42", duckDns.GetProperty("ip").GetString());
        Assert.True(duckDns.GetProperty("changed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, duckDns.GetProperty("error").ValueKind);
        Assert.Equal(["porch.duckdns.org", "yard.duckdns.org"], duckDns.GetProperty("domains").EnumerateArray().Select(d => d.GetString()!));
        Assert.True(DateTimeOffset.TryParse(duckDns.GetProperty("at").GetString(), out var at));
        Assert.InRange(DateTimeOffset.UtcNow - at, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Assert.Equal($"/update?domains=porch,yard&token={Token}&verbose=true", Assert.Single(_standIn.Requests));

        var statusText = await _client.GetStringAsync("status");
        var metrics = await _client.GetStringAsync("metrics");
        Assert.Contains("\npicam_duckdns_ok 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\npicam_duckdns_last_update_timestamp_seconds " + at.ToUnixTimeSeconds() + "\n", metrics, StringComparison.Ordinal);
        Assert.True(await _server.WaitForOutputAsync("DuckDNS updated porch.duckdns.org, yard.duckdns.org: 198.51.100.42 (changed)", TimeSpan.FromSeconds(5)), _server.Output);
        Assert.DoesNotContain(Token, statusText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, metrics, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, _server.Output, StringComparison.OrdinalIgnoreCase);
    }
}
