using System.Net.WebSockets;
using PiCam.Tests.Support;

namespace PiCam.Tests.Agent;

/// <summary>A hostile or broken backend: nothing it sends may crash the agent or drop its connection.</summary>
[Trait("Category", "Integration")]
public sealed class AgentHostileMessageTests
{
    private static readonly TimeSpan Patience = PicamBinary.Scaled(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Agent_HugeGarbledAndWronglyTypedMessages_AreDroppedAndTheAgentStaysUpAndConnected()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-hostile");
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);
        const string id = "cam-hostile";

        await backend.SendTextAsync(id, BackendStandIn.Envelope("watch_request", $$"""{"session_id":"{{new string('x', 900 * 1024)}}"}"""));
        await backend.SendTextAsync(id, "this is not JSON");
        await backend.SendTextAsync(id, "{\"type\":");
        await backend.SendTextAsync(id, "[1,2,3]");
        await backend.SendTextAsync(id, """{"type":42,"payload":{}}""");
        await backend.SendTextAsync(id, """{"type":"offer","payload":"a string"}""");
        await backend.SendTextAsync(id, """{"type":"watch_request","payload":{"session_id":7}}""");
        await backend.SendTextAsync(id, """{"type":"offer","payload":{"session_id":"s-x","sdp":"v=0 nonsense"}}""");
        await backend.SendTextAsync(id, """{"type":"end","payload":{"session_id":"never-seen"}}""");
        await backend.SendTextAsync(id, """{"type":"from_the_future","payload":{"x":1},"extra":true}""");
        await backend.SendTextAsync(id, new string('[', 5000) + new string(']', 5000));
        await backend.SendAsync(id, new byte[] { 0xff, 0xfe, 0x00, 0x01 }, WebSocketMessageType.Binary);
        await backend.SendTextAsync(id, BackendStandIn.Envelope("ping", "{}"));

        // Still the first socket, and still listening: the good message after the garbage gets its answer.
        Assert.True(await backend.WaitForAsync(b => b.Received.Any(m => BackendStandIn.Type(m.Message) == "pong"), Patience), agent.Output);
        Assert.False(agent.HasExited, agent.Output);
        Assert.Single(backend.Hellos);
        var status = await Json.GetAsync(client, "status");
        Assert.True(AgentProcess.Connected(status), agent.Output);
        Assert.Contains("larger than 64 KiB", agent.Output, StringComparison.Ordinal);
        Assert.Contains("binary frame", agent.Output, StringComparison.Ordinal);
        Assert.Contains("not a JSON envelope", agent.Output, StringComparison.Ordinal);
        Assert.Contains("Ignored a message of unknown type from_the_future", agent.Output, StringComparison.Ordinal);
        Assert.Contains(backend.Received, m => BackendStandIn.Type(m.Message) == "end" && m.Message.GetProperty("payload").GetProperty("session_id").GetString() == "s-x");
    }

    [Fact]
    public async Task Agent_HostileIceServersAndCandidates_AreSkippedAndLogged_AndTheSessionStillEndsItsCandidates()
    {
        using var dir = new TempDirectory();
        await using var backend = await BackendStandIn.StartAsync();
        await using var agent = await AgentProcess.StartAsync(backend.DeviceUrl, dir.Path, "cam-hostile-ice");
        using var client = agent.CreateClient();
        await Json.WaitForStatusAsync(client, AgentProcess.Connected, Patience);
        const string id = "cam-hostile-ice";
        var silent = ServerProcess.FreePort(); // nobody answers there: STUN and TURN both give up
        var servers = $$"""
            [42, "stun:x", {"urls": 7}, {"urls": ["stun:127.0.0.1:{{silent}}", "stun:does-not-resolve.invalid", "ftp://x", "{{new string('s', 10_000)}}"]},
             {"urls": "turn:127.0.0.1:{{silent}}", "username": "u", "credential": "p"}, {"urls": "turn:127.0.0.1:3478"}]
            """;
        await backend.SendTextAsync(id, BackendStandIn.Envelope("watch_request", $$"""{"session_id":"s-ice","ice_servers":{{servers}}}"""));
        var offer = System.Text.Json.JsonSerializer.Serialize(PiCam.Tests.WebRtc.Sdp.BrowserOffers.Chrome);
        await backend.SendTextAsync(id, BackendStandIn.Envelope("offer", $$"""{"session_id":"s-ice","sdp":{{offer}}}"""));
        foreach (var candidate in new[]
        {
            "\"garbage\"", "\"candidate:1 1 udp 1 abc.local 9 typ host\"", $"\"candidate:1 1 udp 1 192.0.2.1 9 typ host {new string('x', 2000)}\"",
            "17", "null", "\"candidate:1 1 udp 1 ::1 9 typ host\"",
        }.Concat(Enumerable.Range(1, 100).Select(i => $"\"candidate:{i} 1 udp {i} 192.0.2.{i} {1000 + i} typ host\"")))
        {
            await backend.SendTextAsync(id, BackendStandIn.Envelope("candidate", $$"""{"session_id":"s-ice","candidate":{{candidate}}}"""));
        }

        string[] Candidates() => [.. backend.Received.Where(m => BackendStandIn.Type(m.Message) == "candidate")
            .Select(m => m.Message.GetProperty("payload").GetProperty("candidate").GetString()!)];
        Assert.True(await backend.WaitForAsync(_ => Candidates().Contains(""), Patience), $"no end of candidates:\n{agent.Output}");
        Assert.Equal([""], Candidates()); // no server gave one: only the host candidates of the answer
        Assert.False(agent.HasExited, agent.Output);
        Assert.Single(backend.Hellos);
        Assert.Contains("ice_servers not used", agent.Output, StringComparison.Ordinal);
        Assert.Contains("gave no candidate", agent.Output, StringComparison.Ordinal);
        Assert.Contains("mDNS name cannot be reached", agent.Output, StringComparison.Ordinal);
        var status = await Json.GetAsync(client, "status");
        Assert.True(AgentProcess.Connected(status), agent.Output);
        Assert.Equal(1, AgentProcess.Agent(status).GetProperty("sessions").GetInt32());
    }
}
