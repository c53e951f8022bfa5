using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using PiCam.Tests.Support;

namespace PiCam.Tests.Agent;

/// <summary>The stand-in itself, as the agent tests rely on it: odd messages do not stop it, and it hands out its ice_servers.</summary>
public sealed class BackendStandInTests
{
    [Fact]
    public async Task StandIn_AfterMessagesItCannotUse_StillRelaysTheViewersWatchRequest_WithItsIceServers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var backend = await BackendStandIn.StartAsync(iceServers:
            [new IceServer("stun:192.0.2.1:3478"), new IceServer("turn:192.0.2.1:3478?transport=udp", "1733059200:cam-1", "secret")]);
        using var device = new ClientWebSocket();
        await device.ConnectAsync(new Uri(backend.DeviceUrl), timeout.Token);
        using var viewer = new ClientWebSocket();
        await viewer.ConnectAsync(new Uri(backend.DeviceUrl.Replace("/ws/device", "/ws/viewer", StringComparison.Ordinal)), timeout.Token);

        foreach (var odd in new[] { "not json", """{"type":"hello"}""", """{"type":"hello","payload":{"device_id":7}}""", "[1,2]" })
        {
            await SendAsync(device, odd, timeout.Token);
            await SendAsync(viewer, odd.Replace("hello", "watch_request", StringComparison.Ordinal), timeout.Token);
        }

        await SendAsync(viewer, BackendStandIn.Envelope("watch_request", """{"device_id":"not-connected"}"""), timeout.Token);
        await SendAsync(device, BackendStandIn.Envelope("hello", """{"device_id":"cam-1"}"""), timeout.Token);
        Assert.Equal("hello_ack", Type(await ReceiveAsync(device, timeout.Token)));
        await SendAsync(viewer, BackendStandIn.Envelope("watch_request", """{"device_id":"cam-1"}"""), timeout.Token);
        var watch = await ReceiveAsync(device, timeout.Token);

        Assert.Equal("watch_request", Type(watch));
        Assert.StartsWith("s-", watch.GetProperty("payload").GetProperty("session_id").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            """[{"urls":"stun:192.0.2.1:3478"},{"urls":"turn:192.0.2.1:3478?transport=udp","username":"1733059200:cam-1","credential":"secret"}]""",
            watch.GetProperty("payload").GetProperty("ice_servers").GetRawText());
    }

    private static string? Type(JsonElement message) => BackendStandIn.Type(message);

    private static Task SendAsync(WebSocket socket, string text, CancellationToken token) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, token);

    private static async Task<JsonElement> ReceiveAsync(WebSocket socket, CancellationToken token)
    {
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer.AsMemory(), token);
        using var document = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
        return document.RootElement.Clone();
    }
}
