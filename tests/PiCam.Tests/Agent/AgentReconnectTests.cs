using PiCam.Tests.Support;

namespace PiCam.Tests.Agent;

/// <summary>Staying connected: a backend that is down, comes back, or loses the socket. Measures real intervals.</summary>
[Trait("Category", "Integration")]
[Collection(TimingSensitive.Name)]
public sealed class AgentReconnectTests
{
    private static readonly TimeSpan Patience = PicamBinary.Scaled(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Agent_BackendDown_RetriesAtGrowingJitteredIntervals_AndReconnectsWhenItIsBack()
    {
        using var dir = new TempDirectory();
        var port = ServerProcess.FreePort();
        IReadOnlyList<TimeSpan> attempts;
        ServerProcess agent;
        await using (var down = new RefusingBackend(port))
        {
            agent = await AgentProcess.StartAsync($"ws://127.0.0.1:{port}/ws/device", dir.Path, "cam-retry");
            // 1 s, 2 s, 4 s nominal: five attempts within about 8.5 s (plus jitter and load).
            var deadline = DateTime.UtcNow + PicamBinary.Scaled(TimeSpan.FromSeconds(30));
            while (Merge(down.Attempts).Count < 5 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            attempts = Merge(down.Attempts);
            using var client = agent.CreateClient();
            var status = await Json.GetAsync(client, "status");
            var report = AgentProcess.Agent(status);
            Assert.False(report.GetProperty("connected").GetBoolean());
            Assert.False(string.IsNullOrEmpty(report.GetProperty("last_error").GetString()));
            Assert.True(report.GetProperty("retry_in_s").GetDouble() is >= 0 and <= 60, status.ToString());
        }

        await using (agent)
        {
            Assert.True(attempts.Count >= 5, $"only {attempts.Count} attempts:\n{agent.Output}");
            var gaps = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalSeconds).Take(4).ToList();
            var text = string.Join(", ", gaps.Select(g => $"{g:F2} s"));
            var at = string.Join(", ", attempts.Select(a => $"{a.TotalSeconds:F3}"));
            for (var i = 1; i < gaps.Count; i++)
            {
                // Doubling with ±20 % jitter makes each gap at least 1.33 times the one before; a loaded machine adds noise.
                Assert.True(gaps[i] > gaps[i - 1] * 1.1, $"gaps do not grow: {text} (attempts at {at})");
            }

            Assert.True(gaps[^1] > gaps[0] * 3, $"gaps do not double: {text} (attempts at {at})"); // nominally 8 times

            Assert.True(gaps[0] is > 0.6 and < 3, $"the first retry is not about 1 s: {text}");
            var nominal = gaps.Select((g, i) => g / Math.Pow(2, i)).ToList();
            Assert.True(nominal.Max() - nominal.Min() > 0.01, $"no jitter: {text}");

            await using var backend = await BackendStandIn.StartAsync(port);
            using var client = agent.CreateClient();
            // The next retry is at most 8 s × 1.2 away.
            var status = await Json.WaitForStatusAsync(client, AgentProcess.Connected, PicamBinary.Scaled(TimeSpan.FromSeconds(25)));
            Assert.True(AgentProcess.Connected(status), agent.Output);
            Assert.Single(backend.Hellos);
        }
    }

    /// <summary>The HTTP stack may retry a connection reset before the upgrade's answer at once: that is one attempt of ours.</summary>
    private static List<TimeSpan> Merge(IReadOnlyList<TimeSpan> connections) =>
        connections.Aggregate(new List<TimeSpan>(), (merged, a) =>
        {
            if (merged.Count == 0 || a - merged[^1] > TimeSpan.FromMilliseconds(300))
            {
                merged.Add(a);
            }

            return merged;
        });

    [Fact]
    public async Task Agent_SocketCut_ReconnectsAndSaysHelloAgain()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-cut");
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);

        backend.CutAll();

        Assert.True(await backend.WaitForAsync(b => b.Hellos.Count >= 2 && b.ConnectedDevices.Count == 1, Patience), agent.Output);
        var status = await Json.WaitForStatusAsync(client, s => AgentProcess.Connected(s) && AgentProcess.Agent(s).GetProperty("reconnects").GetInt32() >= 1, Patience);
        Assert.True(AgentProcess.Connected(status), status.ToString());
        Assert.False(string.IsNullOrEmpty(AgentProcess.Agent(status).GetProperty("last_error").GetString()));
    }

    [Fact]
    public async Task Agent_BackendStoppedAndStartedAgain_IsConnectedAgain_AndAnswersAnOfferOnTheNewConnection()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-restart");
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);

        await backend.StopAsync();
        var down = await Json.WaitForStatusAsync(client, s => !AgentProcess.Connected(s), Patience);
        Assert.False(AgentProcess.Connected(down));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await backend.StartAgainAsync();

        var status = await Json.WaitForStatusAsync(client, AgentProcess.Connected, PicamBinary.Scaled(TimeSpan.FromSeconds(25)));
        Assert.True(AgentProcess.Connected(status), agent.Output);
        Assert.True(backend.Hellos.Count >= 2);

        // Watchable again: an offer on the new connection is answered there, and its candidates end there.
        var offer = System.Text.Json.JsonSerializer.Serialize(PiCam.Tests.WebRtc.Sdp.BrowserOffers.Chrome);
        await backend.SendTextAsync("cam-restart", BackendStandIn.Envelope("offer", $$"""{"session_id":"s-again","sdp":{{offer}}}"""));
        Assert.True(await backend.WaitForAsync(b => b.Received.Any(m => BackendStandIn.Type(m.Message) == "answer")
            && b.Received.Any(m => BackendStandIn.Type(m.Message) == "candidate"), Patience), agent.Output);
    }
}
