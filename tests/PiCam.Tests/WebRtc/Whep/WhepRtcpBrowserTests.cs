using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PiCam.Tests.Support;

namespace PiCam.Tests.WebRtc.Whep;

/// <summary>
/// RTCP end to end with Debian's headless Chromium (set up as in <see cref="WhepBrowserTests"/>): its NACKs
/// are answered from the session's history when the link loses packets, our sender reports reach it, and its
/// receiver reports give <c>/status</c> and <c>/metrics</c> the loss and round trip.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WhepRtcpBrowserTests
{
    private const string Stats = """
        (async () => {
          const r = { framesDecoded: 0, nackCount: 0, packetsLost: 0, reportsReceived: 0 };
          (await window.pc.getStats()).forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'video') { r.framesDecoded = s.framesDecoded || 0; r.nackCount = s.nackCount || 0; r.packetsLost = s.packetsLost || 0; }
            if (s.type === 'remote-outbound-rtp' && s.kind === 'video') { r.reportsReceived = s.reportsSent || 0; }
          });
          return r;
        })()
        """;

    private static async Task<(ServerProcess Server, HeadlessChromium Browser)> WatchAsync(VethNamespace veth)
    {
        var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["BIND"] = veth.InsideAddress,
            ["WEBRTC_PORT"] = "8189",
            ["RESOLUTION"] = "640x360",
        }, inNamespace: veth.Name);
        var browser = await HeadlessChromium.LaunchAsync();
        await browser.NavigateAsync(new Uri(server.BaseUri, "healthz"));
        Assert.True(await browser.WaitUntilAsync("document.readyState === 'complete'", TimeSpan.FromSeconds(20)));
        Assert.StartsWith("201 /whep/", (await browser.EvaluateAsync(WhepBrowserTests.Connect))?.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(await browser.WaitUntilAsync("window.firstFrameAt !== undefined", PicamBinary.Scaled(TimeSpan.FromSeconds(20))), $"Chromium decoded no frame.\n{server.Output}");
        return (server, browser);
    }

    private static async Task<(int FramesDecoded, int NackCount, int PacketsLost, int ReportsReceived)> StatsAsync(HeadlessChromium browser)
    {
        var s = (await browser.EvaluateAsync(Stats))!;
        return (s["framesDecoded"]!.GetValue<int>(), s["nackCount"]!.GetValue<int>(), s["packetsLost"]!.GetValue<int>(), s["reportsReceived"]!.GetValue<int>());
    }

    private static async Task<JsonNode> SessionAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync("status"))!["webrtc"]!["session_list"]![0]!;

    [NetnsFact]
    public async Task Whep_OnALinkLosing5PercentOfPackets_ChromiumNacksTheyAreResent_AndItKeepsDecoding()
    {
        using var veth = VethNamespace.Create();
        var (server, browser) = await WatchAsync(veth);
        await using var _ = server;
        await using var __ = browser;
        using var client = server.CreateClient();

        veth.LoseOutgoing(5);
        var deadline = DateTime.UtcNow + PicamBinary.Scaled(TimeSpan.FromSeconds(20));
        JsonNode session;
        (int FramesDecoded, int NackCount, int PacketsLost, int ReportsReceived) stats;
        do
        {
            await Task.Delay(500);
            session = await SessionAsync(client);
            stats = await StatsAsync(browser);
        }
        while (DateTime.UtcNow < deadline
            && !(stats.NackCount > 0 && session["nacks"]!.GetValue<long>() > 0 && session["retransmits"]!.GetValue<long>() > 0 && session["rtt_ms"] is not null));

        var report = $"Chromium {stats}; /status {session.ToJsonString()}\n{server.Output}";
        Assert.True(stats.NackCount > 0, $"Chromium sent no NACK: {report}");
        Assert.True(session["nacks"]!.GetValue<long>() > 0, $"picam received no NACK: {report}");
        Assert.True(session["retransmits"]!.GetValue<long>() > 0, $"picam resent nothing: {report}");
        Assert.True(session["rtt_ms"] is not null, $"no round trip from Chromium's receiver reports: {report}");
        var rttMs = session["rtt_ms"]!.GetValue<double>();
        Assert.InRange(rttMs, 0, 1000);
        Assert.True(stats.ReportsReceived > 0, $"Chromium saw none of our sender reports: {report}");
        Assert.True(session["bitrate_bps"]!.GetValue<long>() > 10_000, $"no bitrate: {report}");

        var before = await StatsAsync(browser);
        await Task.Delay(3000);
        var after = await StatsAsync(browser);
        session = await SessionAsync(client);
        Assert.True(after.FramesDecoded > before.FramesDecoded + 10, $"framesDecoded went from {before.FramesDecoded} to {after.FramesDecoded} in 3 s under 5 % loss\n{server.Output}");
        // Resent packets arrive (5 % of them are lost again): Chromium counts as lost only what never came.
        var retransmits = session["retransmits"]!.GetValue<long>();
        Assert.True(after.PacketsLost * 2 < retransmits, $"Chromium lost {after.PacketsLost} packets though {retransmits} were resent");
        Console.WriteLine($"WHEP under 5 % loss: Chromium {after.NackCount} NACKs, {after.PacketsLost} lost after retransmission, {after.FramesDecoded} frames; "
            + $"picam {session["nacks"]} NACKs, {session["retransmits"]} resent of {session["packets_sent"]}, RTT {rttMs} ms, "
            + $"receiver-reported loss {session["packets_lost"]} (fraction {session["fraction_lost"]}), jitter {session["jitter_ms"]} ms, {session["bitrate_bps"]} bit/s");
    }

    [NetnsFact]
    public async Task Metrics_WhileAWebRtcSessionRuns_ListTheWebRtcSeries()
    {
        using var veth = VethNamespace.Create();
        var (server, browser) = await WatchAsync(veth);
        await using var _ = server;
        await using var __ = browser;
        using var client = server.CreateClient();

        // The round trip needs a sender report (every second) and Chromium's next receiver report.
        var deadline = DateTime.UtcNow + PicamBinary.Scaled(TimeSpan.FromSeconds(15));
        string text;
        do
        {
            await Task.Delay(500);
            text = await client.GetStringAsync("metrics");
        }
        while (DateTime.UtcNow < deadline && !text.Contains("\npicam_webrtc_rtt_seconds ", StringComparison.Ordinal));

        Assert.Equal(1, Value(text, "picam_webrtc_sessions"));
        Assert.True(Value(text, "picam_webrtc_packets_sent_total") > 0, text);
        Assert.True(Value(text, "picam_webrtc_retransmits_total") >= 0, text); // present; a clean veth may still reorder a packet
        Assert.True(Value(text, "picam_webrtc_nacks_total") >= 0, text);
        Assert.True(Value(text, "picam_webrtc_packets_lost") >= 0, text);
        Assert.InRange(Value(text, "picam_webrtc_rtt_seconds"), 0, 1);
        Assert.True(Value(text, "picam_webrtc_bitrate_bits_per_second") > 10_000, text);
        Assert.Contains("# TYPE picam_webrtc_packets_sent_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE picam_webrtc_rtt_seconds gauge\n", text, StringComparison.Ordinal);
    }

    /// <summary>The value of a series without labels; fails the test when it is absent.</summary>
    private static double Value(string metrics, string name)
    {
        var match = Regex.Match(metrics, $"^{Regex.Escape(name)} (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name} is not in /metrics:\n{metrics}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
