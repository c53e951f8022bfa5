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
        await backend.SendTextAsync(id, BackendStandIn.Envelope("watch_request", """{"session_id":"s-good","ice_servers":[]}"""));

        // Still the first socket, and still listening: the good request after the garbage gets its answer.
        Assert.True(await backend.WaitForAsync(b => b.Received.Any(m => BackendStandIn.Type(m.Message) == "end"
            && m.Message.GetProperty("payload").GetProperty("session_id").GetString() == "s-good"), Patience), agent.Output);
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
}
