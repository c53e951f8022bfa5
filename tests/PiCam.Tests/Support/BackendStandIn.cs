using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PiCam.Tests.Support;

/// <summary>
/// A small backend that speaks docs/AGENT.md: the device socket <c>/ws/device</c> (hello → hello_ack, or
/// error and close; heartbeat → heartbeat_ack; goodbye recorded), <c>POST /api/pairing/generate</c> and the viewer
/// socket <c>/ws/viewer</c>, handing out <see cref="IceServers"/> in <c>watch_request</c>. A message it cannot use (not
/// JSON, missing or mistyped fields) is ignored and the socket stays up. In-process Kestrel on a loopback port that can be stopped and started again on the same port.
/// </summary>
public sealed class BackendStandIn : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WebSocket> _sockets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string DeviceId, JsonElement Message)> _received = new();
    private readonly ConcurrentQueue<string> _pairingRequests = new();
    private readonly ConcurrentQueue<(string DeviceId, JsonElement Message)> _relayed = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<WebSocket, bool> _frozen = new();
    private WebApplication? _app;

    private readonly X509Certificate2? _certificate;
    private readonly IPAddress _address;
    private readonly ConcurrentDictionary<string, WebSocket> _viewers = new(StringComparer.Ordinal);

    private BackendStandIn(int port, X509Certificate2? certificate, IPAddress address)
    {
        Port = port;
        _certificate = certificate;
        _address = address;
    }

    public int Port { get; }

    public string DeviceUrl => $"{(_certificate is null ? "ws" : "wss")}://{_address}:{Port}/ws/device";

    /// <summary>An empty page of the backend's origin, for a browser that opens the viewer socket <c>/ws/viewer</c>.</summary>
    public Uri ViewerPage => new($"{(_certificate is null ? "http" : "https")}://{_address}:{Port}/viewer");

    /// <summary>The token each device must present; a device not listed may present any (or none).</summary>
    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Devices the backend knows but that are not paired yet: their hello_ack says <c>paired: false</c>.</summary>
    public HashSet<string> Unpaired { get; } = new(StringComparer.Ordinal);

    /// <summary>Devices the backend does not know: their hello gets <c>error</c> <c>unknown_device</c> and a close (4404).</summary>
    public HashSet<string> Unknown { get; } = new(StringComparer.Ordinal);

    public string PairingCode { get; set; } = "428731";

    /// <summary>What every device's <c>watch_request</c> hands out as <c>ice_servers</c>; none by default.</summary>
    public IReadOnlyList<IceServer> IceServers { get; set; } = [];

    /// <summary>False: heartbeats go unanswered, as from a backend that only reads them.</summary>
    public bool AcknowledgesHeartbeats { get; set; } = true;

    /// <summary>Every message the agents sent, parsed, oldest first.</summary>
    public IReadOnlyList<(string DeviceId, JsonElement Message)> Received => [.. _received];

    /// <summary>What the viewers' sockets made the stand-in send the devices (watch_request, offer, candidate, end), oldest first.</summary>
    public IReadOnlyList<(string DeviceId, JsonElement Message)> RelayedToDevices => [.. _relayed];

    public IReadOnlyList<string> PairingRequests => [.. _pairingRequests];

    public IReadOnlyList<JsonElement> Hellos => [.. _received.Where(m => Type(m.Message) == "hello").Select(m => m.Message)];

    public IReadOnlyCollection<string> ConnectedDevices => [.. _sockets.Keys];

    /// <param name="certificate">Serve wss:// and https:// with this certificate; null for ws:// and http://.</param>
    /// <param name="address">Where to listen (a veth's address for an agent in a network namespace); loopback by default.</param>
    /// <param name="iceServers">The <see cref="IceServers"/> to hand out.</param>
    public static async Task<BackendStandIn> StartAsync(int? port = null, X509Certificate2? certificate = null, IPAddress? address = null,
        IReadOnlyList<IceServer>? iceServers = null)
    {
        var standIn = new BackendStandIn(port ?? ServerProcess.FreePort(), certificate, address ?? IPAddress.Loopback) { IceServers = iceServers ?? [] };
        await standIn.StartAgainAsync();
        return standIn;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(_address, Port, listen =>
        {
            if (_certificate is not null)
            {
                listen.UseHttps(_certificate);
            }
        }));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws/device", DeviceSocketAsync);
        app.Map("/ws/viewer", ViewerSocketAsync);
        app.MapGet("/viewer", () => Results.Text("<!doctype html><title>viewer</title>", "text/html"));
        app.MapPost("/api/pairing/generate", (HttpContext context) =>
        {
            _pairingRequests.Enqueue(context.Request.Query["device_id"].ToString());
            return Results.Text($$"""{"code":"{{PairingCode}}","expires_in":600}""", "application/json");
        });
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Stops listening; the agents' sockets are dropped without a close handshake.</summary>
    public async Task StopAsync()
    {
        CutAll();
        if (_app is { } app)
        {
            _app = null;
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await app.StopAsync(bound.Token);
            await app.DisposeAsync();
        }
    }

    /// <summary>Aborts every device socket (a cut cable, a crashed proxy), leaving the server up.</summary>
    public void CutAll()
    {
        foreach (var socket in _sockets.Values)
        {
            socket.Abort();
        }
    }

    /// <summary>
    /// Makes the device's socket half-open from the agent's side: from its next message on, the backend neither reads
    /// it (so WebSocket pings go unanswered) nor answers, while the TCP connection stays up.
    /// </summary>
    public void Freeze(string deviceId) => _frozen[_sockets[deviceId]] = true;

    public Task SendTextAsync(string deviceId, string text) => SendAsync(deviceId, Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendAsync(string deviceId, ReadOnlyMemory<byte> bytes, WebSocketMessageType kind)
    {
        var socket = _sockets[deviceId];
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(bytes, kind, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public static string Envelope(string type, string payloadJson) =>
        $$"""{"type":"{{type}}","ts":"{{DateTime.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}","payload":{{payloadJson}}}""";

    public async Task<bool> WaitForAsync(Func<BackendStandIn, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(this))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition(this);
    }

    public static string? Type(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("type", out var type) ? type.GetString() : null;

    private async Task DeviceSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        string? deviceId = null;
        var buffer = new byte[1024 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), context.RequestAborted);
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    break;
                }

                if (_frozen.ContainsKey(socket))
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }

                var (open, id) = await DeviceMessageAsync(socket, deviceId, buffer.AsMemory(0, length));
                deviceId = id;
                if (!open)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The device went away, or the socket was cut on purpose.
        }
        finally
        {
            _frozen.TryRemove(socket, out _);
            if (deviceId is not null)
            {
                _sockets.TryRemove(new KeyValuePair<string, WebSocket>(deviceId, socket));
            }
        }
    }

    /// <summary>
    /// One device message; returns whether the socket stays open and the device's ID once known. A message the
    /// stand-in cannot use (not JSON, no payload, wrong types) is ignored, as a backend must.
    /// </summary>
    private async Task<(bool Open, string? DeviceId)> DeviceMessageAsync(WebSocket socket, string? deviceId, ReadOnlyMemory<byte> text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var message = document.RootElement.Clone();
            var payload = message.GetProperty("payload");
            var type = Type(message);
            _received.Enqueue((deviceId ?? (payload.TryGetProperty("device_id", out var d) ? d.GetString()! : "?"), message));
            if (type == "hello")
            {
                var id = payload.GetProperty("device_id").GetString()!;
                var token = payload.TryGetProperty("token", out var t) ? t.GetString() : null;
                if (Tokens.TryGetValue(id, out var expected) && expected != token)
                {
                    await SendRawAsync(socket, Envelope("error", """{"code":"unauthorized","message":"The device token is wrong."}"""));
                    await socket.CloseAsync((WebSocketCloseStatus)4401, "unauthorized", CancellationToken.None);
                    return (false, deviceId);
                }

                if (Unknown.Contains(id))
                {
                    await SendRawAsync(socket, Envelope("error", """{"code":"unknown_device","message":"Register and pair this device first."}"""));
                    await socket.CloseAsync((WebSocketCloseStatus)4404, "unknown device", CancellationToken.None);
                    return (false, deviceId);
                }

                deviceId = id;
                _sockets[id] = socket;
                await SendRawAsync(socket, Envelope("hello_ack", Unpaired.Contains(id) ? """{"paired":false}""" : """{"paired":true}"""));
            }
            else if (type == "heartbeat" && AcknowledgesHeartbeats)
            {
                await SendRawAsync(socket, Envelope("heartbeat_ack", "{}"));
            }
            else if (type is "answer" or "candidate" or "end"
                && payload.TryGetProperty("session_id", out var session) && _viewers.TryGetValue(session.GetString()!, out var viewer))
            {
                await SendRawAsync(viewer, message.GetRawText());
            }

            return (true, deviceId);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (true, deviceId);
        }
    }

    /// <summary>
    /// A viewer: <c>watch_request</c> <c>{"device_id"}</c> gets a session ID and goes to that device with
    /// <c>ice_servers</c>; the viewer's <c>offer</c>, <c>candidate</c> and <c>end</c> follow under that ID, and the
    /// device's <c>answer</c>, <c>candidate</c> and <c>end</c> come back.
    /// </summary>
    private async Task ViewerSocketAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var sessionId = "s-" + Guid.NewGuid().ToString("N")[..12];
        string? deviceId = null;
        var buffer = new byte[256 * 1024];
        _viewers[sessionId] = socket;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), context.RequestAborted);
                    length += result.Count;
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                deviceId = await ViewerMessageAsync(sessionId, deviceId, buffer.AsMemory(0, length));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            _viewers.TryRemove(sessionId, out _);
        }
    }

    /// <summary>One viewer message; returns the device it watches once known. A message it cannot use is ignored.</summary>
    private async Task<string?> ViewerMessageAsync(string sessionId, string? deviceId, ReadOnlyMemory<byte> text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var message = document.RootElement;
            var type = Type(message);
            var payload = message.GetProperty("payload");
            if (type == "watch_request")
            {
                deviceId = payload.GetProperty("device_id").GetString()!;
                await RelayToDeviceAsync(deviceId, Envelope("watch_request", $$"""{"session_id":"{{sessionId}}","ice_servers":{{IceServer.ToJson(IceServers)}}}"""));
            }
            else if (deviceId is not null && type is "offer" or "candidate" or "end")
            {
                var forwarded = new System.Text.Json.Nodes.JsonObject { ["session_id"] = sessionId };
                foreach (var property in payload.EnumerateObject())
                {
                    forwarded[property.Name] = System.Text.Json.Nodes.JsonNode.Parse(property.Value.GetRawText());
                }

                await RelayToDeviceAsync(deviceId, Envelope(type!, forwarded.ToJsonString()));
            }

            return deviceId;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return deviceId;
        }
    }

    private async Task RelayToDeviceAsync(string deviceId, string envelope)
    {
        await SendTextAsync(deviceId, envelope);
        using var document = JsonDocument.Parse(envelope);
        _relayed.Enqueue((deviceId, document.RootElement.Clone()));
    }

    private async Task SendRawAsync(WebSocket socket, string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _sendLock.Dispose();
    }
}
