using System.Net.WebSockets;
using PiCam.Tests.Support;

namespace PiCam.Tests.Agent;

/// <summary>The real picam as a device agent against the stand-in backend: hello, status, pairing, goodbye, several agents.</summary>
[Trait("Category", "Integration")]
public sealed class AgentConnectionTests
{
    private const string Token = "tok-Secret-9f83a1c7e2";
    private static readonly TimeSpan Patience = PicamBinary.Scaled(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Agent_WithItsIdAndToken_SaysHelloAndShowsConnectedOnStatus()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        backend.Tokens["kitchen-cam-001"] = Token;
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "kitchen-cam-001", Token);
        using var client = agent.CreateClient();

        var status = await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);

        var report = AgentProcess.Agent(status);
        Assert.True(report.GetProperty("connected").GetBoolean(), status.ToString());
        Assert.Equal("kitchen-cam-001", report.GetProperty("device_id").GetString());
        Assert.Equal(backend.DeviceUrl, report.GetProperty("backend").GetString());
        Assert.NotNull(report.GetProperty("since").GetString());
        var hello = Assert.Single(backend.Hellos).GetProperty("payload");
        Assert.Equal("kitchen-cam-001", hello.GetProperty("device_id").GetString());
        Assert.Equal(Token, hello.GetProperty("token").GetString());
        Assert.False(string.IsNullOrEmpty(hello.GetProperty("version").GetString()));
        Assert.Contains("webrtc", hello.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.True(await agent.WaitForOutputAsync("Connected to the backend", Patience), agent.Output);
    }

    [Fact]
    public async Task Agent_Token_IsNeverInTheLogStatusOrMetrics()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        backend.Tokens["cam-secret"] = Token;
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-secret", Token);
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);
        await backend.SendTextAsync("cam-secret", BackendStandIn.Envelope("error", """{"code":"bad","message":"just testing"}"""));
        backend.CutAll(); // a reconnect logs its reasons too
        Assert.True(await backend.WaitForAsync(b => b.Hellos.Count >= 2, Patience));

        Assert.Equal(Token, backend.Hellos[0].GetProperty("payload").GetProperty("token").GetString()); // it was really sent
        Assert.DoesNotContain(Token, await client.GetStringAsync("status"), StringComparison.Ordinal);
        var metrics = await client.GetStringAsync("metrics");
        Assert.Contains("picam_agent_connected", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, await client.GetStringAsync("index.html"), StringComparison.Ordinal);
        agent.Signal(ServerProcess.SIGTERM);
        await agent.WaitForExitAsync(Patience);
        Assert.Contains("Received hello_ack", agent.Output, StringComparison.Ordinal); // debug logging was on
        Assert.DoesNotContain(Token, agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_WrongToken_IsRefusedAndShowsTheBackendsReason()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        backend.Tokens["cam-wrong"] = Token;
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-wrong", "not-the-token");
        using var client = agent.CreateClient();

        var status = await Json.WaitForStatusAsync(client, s => AgentProcess.Agent(s).GetProperty("last_error").GetString() is not null, Patience);

        Assert.False(AgentProcess.Connected(status));
        Assert.Contains("4401", AgentProcess.Agent(status).GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.True(await agent.WaitForOutputAsync("unauthorized", Patience), agent.Output);
        Assert.DoesNotContain("not-the-token", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_NotPairedYet_GetsAPairingCodeAndShowsItInTheLogAndOnStatus()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        backend.Unpaired.Add("garden-cam");
        backend.PairingCode = "318204";
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "garden-cam");
        using var client = agent.CreateClient();

        var status = await Json.WaitForStatusAsync(client, s => AgentProcess.Agent(s).GetProperty("pairing_code").GetString() is not null, Patience);

        Assert.Equal("318204", AgentProcess.Agent(status).GetProperty("pairing_code").GetString());
        Assert.Equal(["garden-cam"], backend.PairingRequests);
        Assert.True(await agent.WaitForOutputAsync("pairing code 318204", Patience), agent.Output);
    }

    [Fact]
    public async Task Agent_UnknownToTheBackend_GetsAPairingCodeAndKeepsRetrying()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        backend.Unknown.Add("new-cam");
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "new-cam");
        using var client = agent.CreateClient();

        var status = await Json.WaitForStatusAsync(client, s => AgentProcess.Agent(s).GetProperty("pairing_code").GetString() is not null, Patience);

        Assert.False(AgentProcess.Connected(status));
        Assert.Equal(backend.PairingCode, AgentProcess.Agent(status).GetProperty("pairing_code").GetString());
        Assert.Contains("4404", AgentProcess.Agent(status).GetProperty("last_error").GetString() ?? "", StringComparison.Ordinal);
        backend.Unknown.Clear(); // registered and paired meanwhile
        status = await Json.WaitForStatusAsync(client, AgentProcess.Connected, PicamBinary.Scaled(TimeSpan.FromSeconds(30)));
        Assert.True(AgentProcess.Connected(status), agent.Output);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, AgentProcess.Agent(status).GetProperty("pairing_code").ValueKind);
    }

    [Fact]
    public async Task Agent_OnSigterm_SaysGoodbyeClosesCleanlyAndExitsZero()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-bye");
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);

        agent.Signal(ServerProcess.SIGTERM);

        Assert.True(await agent.WaitForExitAsync(Patience), "the agent did not exit");
        Assert.Equal(0, agent.ExitCode);
        Assert.True(await backend.WaitForAsync(b => b.Received.Any(m => BackendStandIn.Type(m.Message) == "goodbye"), Patience), "no goodbye");
        Assert.True(await backend.WaitForAsync(b => b.ConnectedDevices.Count == 0, Patience), "the socket stayed open");
    }

    [Fact]
    public async Task ThreeAgents_WithDifferentIdsOnOneMachine_AreAllConnectedAtOnce_AndEachAnswersAnOfferOnItsOwnPort()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        string[] ids = ["cam-001", "cam-002", "cam-003"];
        var agents = await Task.WhenAll(ids.Select(id => AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, id)));
        try
        {
            foreach (var agent in agents)
            {
                using var client = agent.CreateClient();
                var status = await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);
                Assert.True(AgentProcess.Connected(status), agent.Output);
            }

            Assert.True(await backend.WaitForAsync(b => b.ConnectedDevices.Count == 3, Patience),
                $"the backend holds {string.Join(", ", backend.ConnectedDevices)}; it received {string.Join(", ", backend.Received.Select(m => $"{m.DeviceId}:{BackendStandIn.Type(m.Message)}"))}\n"
                + string.Join("\n----\n", agents.Select(a => a.Output)));
            Assert.Equal(ids, backend.ConnectedDevices.Order());
            Assert.Empty(Directory.GetFiles(dir.Path)); // with DEVICE_ID set nothing is written, so nothing is shared

            // Each takes a viewer's offer at once, on a UDP port of its own (a viewer decoding them is AgentBrowserTests' part).
            var offer = System.Text.Json.JsonSerializer.Serialize(PiCam.Tests.WebRtc.Sdp.BrowserOffers.Chrome);
            foreach (var id in ids)
            {
                await backend.SendTextAsync(id, BackendStandIn.Envelope("offer", $$"""{"session_id":"s-{{id}}","sdp":{{offer}}}"""));
            }

            Assert.True(await backend.WaitForAsync(b => b.Received.Count(m => BackendStandIn.Type(m.Message) == "answer") == 3, Patience),
                string.Join("\n----\n", agents.Select(a => a.Output)));
            var ports = backend.Received.Where(m => BackendStandIn.Type(m.Message) == "answer")
                .Select(m => m.Message.GetProperty("payload").GetProperty("sdp").GetString()!.Split("\r\n").First(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)).Split(' ')[5])
                .ToList();
            Assert.Equal(3, ports.Distinct().Count());
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ThreeAgentsWithPortZero_EachServesOnAPortTheSystemChoseAndAllConnect()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        string[] ids = ["cam-101", "cam-102", "cam-103"];
        var agents = ids.Select(id => ServerProcess.StartAsync(
            new Dictionary<string, string> { ["DATA_DIR"] = dir.Path },
            extraArgs: ["--port", "0", "--backend", backend.DeviceUrl, "--device-id", id, "--video-source", "fake"],
            waitUntilReady: false)).ToList();
        try
        {
            var ports = new List<int>();
            foreach (var agent in await Task.WhenAll(agents))
            {
                Assert.True(await agent.WaitForOutputAsync(" at http://127.0.0.1:", Patience), agent.Output);
                var line = agent.Output.Split('\n').First(l => l.Contains(" at http://127.0.0.1:", StringComparison.Ordinal));
                var port = int.Parse(System.Text.RegularExpressions.Regex.Match(line, @"127\.0\.0\.1:(\d+)/").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                ports.Add(port);
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Patience };
                var status = await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);
                Assert.True(AgentProcess.Connected(status), agent.Output);
            }

            Assert.Equal(3, ports.Distinct().Count());
            Assert.DoesNotContain(0, ports);
            Assert.True(await backend.WaitForAsync(b => b.ConnectedDevices.Count == 3, Patience),
                $"the backend holds {string.Join(", ", backend.ConnectedDevices)}; it received {string.Join(", ", backend.Received.Select(m => $"{m.DeviceId}:{BackendStandIn.Type(m.Message)}"))}\n"
                + string.Join("\n----\n", agents.Select(a => a.Result.Output)));
        }
        finally
        {
            foreach (var agent in agents)
            {
                await (await agent).DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Agent_WithoutADeviceId_GeneratesOneKeepsItInDataDirAndUsesItAgainAfterARestart()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        string first;
        await using (var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, deviceId: null))
        {
            using var client = agent.CreateClient();
            var status = await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);
            first = AgentProcess.Agent(status).GetProperty("device_id").GetString()!;
        }

        await using (var again = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, deviceId: null))
        {
            using var client = again.CreateClient();
            var status = await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);
            Assert.Equal(first, AgentProcess.Agent(status).GetProperty("device_id").GetString());
        }

        Assert.StartsWith("picam-", first, StringComparison.Ordinal);
        Assert.Equal(first, File.ReadAllText(Path.Combine(dir.Path, "device-id")).Trim());
        Assert.Equal([first, first], backend.Hellos.Select(h => h.GetProperty("payload").GetProperty("device_id").GetString()));
    }

    [Fact]
    public async Task Agent_WithTheLansWebRtcPortOff_StillAnswersABackendsOffer_OnASocketOfItsOwn()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-noport"); // the harness sets WEBRTC_PORT=0
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);
        var offer = System.Text.Json.JsonSerializer.Serialize(PiCam.Tests.WebRtc.Sdp.BrowserOffers.Chrome);

        await backend.SendTextAsync("cam-noport", BackendStandIn.Envelope("offer", $$"""{"session_id":"s-1","sdp":{{offer}}}"""));

        Assert.True(await backend.WaitForAsync(b => b.Received.Any(m => BackendStandIn.Type(m.Message) is "answer" or "end"), Patience), agent.Output);
        var answer = backend.Received.First(m => BackendStandIn.Type(m.Message) is "answer" or "end").Message;
        Assert.Equal("answer", BackendStandIn.Type(answer));
        var sdp = answer.GetProperty("payload").GetProperty("sdp").GetString()!;
        var ports = sdp.Split("\r\n").Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal) && l.EndsWith(" typ host", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split(' ')[5], System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.True(ports is [> 0], sdp); // one socket of its own, on every address
        var status = await Json.GetAsync(client, "status");
        Assert.False(status.GetProperty("webrtc").GetProperty("enabled").GetBoolean()); // the LAN's WHEP stays off
    }

    [Fact]
    public async Task Agent_OfferAfterAWatchRequestWithATurnServer_AnswersAsAFullIceAgent_TricklesARelayedCandidate_AndFreesTheRelayAtTheEnd()
    {
        using var dir = new TempDirectory();
        await using var coturn = await Coturn.StartAsync();
        var (username, password) = coturn.Credentials("cam-media");
        await using var backend = await BackendStandIn.StartAsync();
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-media");
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);

        var servers = $$"""[{"urls":"stun:{{coturn.EndPoint}}"},{"urls":["turn:{{coturn.EndPoint}}?transport=udp","turns:turn.example.org:5349"],"username":"{{username}}","credential":"{{password}}"}]""";
        await backend.SendTextAsync("cam-media", BackendStandIn.Envelope("watch_request", $$"""{"session_id":"s-2","ice_servers":{{servers}}}"""));
        var offer = System.Text.Json.JsonSerializer.Serialize(PiCam.Tests.WebRtc.Sdp.BrowserOffers.Chrome);
        await backend.SendTextAsync("cam-media", BackendStandIn.Envelope("offer", $$"""{"session_id":"s-2","sdp":{{offer}}}"""));

        Assert.True(await backend.WaitForAsync(b => b.Received.Any(m => BackendStandIn.Type(m.Message) is "answer" or "end"), Patience), agent.Output);
        var answer = backend.Received.First(m => BackendStandIn.Type(m.Message) is "answer" or "end").Message;
        Assert.Equal("answer", BackendStandIn.Type(answer));
        Assert.Equal("s-2", answer.GetProperty("payload").GetProperty("session_id").GetString());
        var sdp = answer.GetProperty("payload").GetProperty("sdp").GetString()!;
        Assert.DoesNotContain("a=ice-lite", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("a=end-of-candidates", sdp, StringComparison.Ordinal);
        Assert.Contains("a=ice-options:trickle", sdp, StringComparison.Ordinal);
        Assert.Contains(" typ host", sdp, StringComparison.Ordinal);

        // The relayed candidate comes by trickle, then the end of candidates.
        string[] Candidates() => [.. backend.Received.Where(m => BackendStandIn.Type(m.Message) == "candidate")
            .Select(m => m.Message.GetProperty("payload").GetProperty("candidate").GetString()!)];
        Assert.True(await backend.WaitForAsync(_ => Candidates().Contains(""), Patience), $"{string.Join('\n', Candidates())}\n{agent.Output}");
        var relayed = Assert.Single(Candidates(), c => c.Contains(" typ relay ", StringComparison.Ordinal));
        Assert.True(PiCam.WebRtc.Ice.IceCandidate.TryParse(relayed, out var candidate, out var why), why);
        Assert.Equal(coturn.EndPoint.Address, candidate!.Address.Address);
        Assert.NotEqual(coturn.EndPoint.Port, candidate.Address.Port);
        Assert.Equal("", Candidates()[^1]);
        var trickled = backend.Received.First(m => BackendStandIn.Type(m.Message) == "candidate").Message.GetProperty("payload");
        Assert.Equal(1, trickled.GetProperty("sdp_mline_index").GetInt32()); // the offer's video is its second m-line, after audio
        Assert.Equal("1", trickled.GetProperty("sdp_mid").GetString());
        Assert.Contains("turns:turn.example.org:5349", agent.Output, StringComparison.Ordinal); // named as not used
        var status = await Json.WaitForStatusAsync(client, s => AgentProcess.Agent(s).GetProperty("sessions").GetInt32() == 1, Patience);
        Assert.Equal(1, AgentProcess.Agent(status).GetProperty("sessions").GetInt32());

        await backend.SendTextAsync("cam-media", BackendStandIn.Envelope("end", """{"session_id":"s-2","reason":"viewer_left"}"""));
        await backend.SendTextAsync("cam-media", BackendStandIn.Envelope("heartbeat_ack", "{}"));
        status = await Json.WaitForStatusAsync(client, s => AgentProcess.Agent(s).GetProperty("sessions").GetInt32() == 0, Patience);
        Assert.Equal(0, AgentProcess.Agent(status).GetProperty("sessions").GetInt32());
        Assert.True(await agent.WaitForOutputAsync("TURN allocation on", Patience), $"the relay was not freed at the end of the session:\n{agent.Output}");
    }

    [Fact]
    public async Task Agent_StoppedBySigtermDuringARelayedSession_FreesItsTurnAllocationBeforeItExits()
    {
        using var dir = new TempDirectory();
        await using var coturn = await Coturn.StartAsync();
        var (username, password) = coturn.Credentials("cam-sigterm");
        await using var backend = await BackendStandIn.StartAsync();
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-sigterm");
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);
        await backend.SendTextAsync("cam-sigterm", BackendStandIn.Envelope("watch_request",
            $$"""{"session_id":"s-t","ice_servers":[{"urls":"turn:{{coturn.EndPoint}}","username":"{{username}}","credential":"{{password}}"}]}"""));
        var offer = System.Text.Json.JsonSerializer.Serialize(PiCam.Tests.WebRtc.Sdp.BrowserOffers.Chrome);
        await backend.SendTextAsync("cam-sigterm", BackendStandIn.Envelope("offer", $$"""{"session_id":"s-t","sdp":{{offer}}}"""));
        string[] Relayed() => [.. backend.Received.Where(m => BackendStandIn.Type(m.Message) == "candidate")
            .Select(m => m.Message.GetProperty("payload").GetProperty("candidate").GetString()!).Where(c => c.Contains(" typ relay ", StringComparison.Ordinal))];
        Assert.True(await backend.WaitForAsync(_ => Relayed().Length == 1, Patience), agent.Output);
        Assert.True(PiCam.WebRtc.Ice.IceCandidate.TryParse(Relayed()[0], out var relayed, out _));

        agent.Signal(ServerProcess.SIGTERM);

        Assert.True(await agent.WaitForExitAsync(Patience), agent.Output);
        // coturn closes an allocation at once on a Refresh with lifetime 0; one merely abandoned would live 10 minutes.
        Assert.True(await coturn.WaitForLogAsync(Coturn.ClosedSessionLogText(relayed!.Related!), TimeSpan.FromSeconds(5)),
            $"coturn did not free the allocation of {relayed.Related}:\n{coturn.Log}\n{agent.Output}");
    }

    [Fact]
    public async Task Agent_SessionWhoseViewerNeverConnects_IsEndedTowardsTheBackend_WhenItsHandshakeTimesOut()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-lonely");
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);
        var offer = System.Text.Json.JsonSerializer.Serialize(PiCam.Tests.WebRtc.Sdp.BrowserOffers.Chrome);

        await backend.SendTextAsync("cam-lonely", BackendStandIn.Envelope("offer", $$"""{"session_id":"s-lonely","sdp":{{offer}}}"""));

        Assert.True(await backend.WaitForAsync(b => b.Received.Any(m => BackendStandIn.Type(m.Message) == "answer"), Patience), agent.Output);
        Assert.True(await backend.WaitForAsync(b => b.Received.Any(m => BackendStandIn.Type(m.Message) == "end"), Patience + TimeSpan.FromSeconds(10)),
            $"the device never said the session was over:\n{agent.Output}");
        var end = backend.Received.First(m => BackendStandIn.Type(m.Message) == "end").Message.GetProperty("payload");
        Assert.Equal("s-lonely", end.GetProperty("session_id").GetString());
        Assert.Equal("ended_by_device", end.GetProperty("reason").GetString());
        Assert.StartsWith("The device ended the session: ", end.GetProperty("message").GetString(), StringComparison.Ordinal);
        var status = await Json.WaitForStatusAsync(client, s => AgentProcess.Agent(s).GetProperty("sessions").GetInt32() == 0, Patience);
        Assert.Equal(0, AgentProcess.Agent(status).GetProperty("sessions").GetInt32());
    }

    [Fact]
    public async Task Agent_MoreWatchRequestsThanWebRtcMaxSessions_RefusesTheExtraOneWithAnEnd()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        var env = new Dictionary<string, string> { ["WEBRTC_MAX_SESSIONS"] = "1" };
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-full", env: env);
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);

        await backend.SendTextAsync("cam-full", BackendStandIn.Envelope("watch_request", """{"session_id":"first"}"""));
        await backend.SendTextAsync("cam-full", BackendStandIn.Envelope("watch_request", """{"session_id":"second"}"""));

        Assert.True(await backend.WaitForAsync(b => b.Received.Any(m => BackendStandIn.Type(m.Message) == "end"), Patience), agent.Output);
        var end = Assert.Single(backend.Received, m => BackendStandIn.Type(m.Message) == "end").Message.GetProperty("payload");
        Assert.Equal("second", end.GetProperty("session_id").GetString());
        Assert.Equal("too_many_sessions", end.GetProperty("reason").GetString());
        Assert.Contains("WEBRTC_MAX_SESSIONS", end.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
