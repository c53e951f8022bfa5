using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PiCam.Agent.Messages;

namespace PiCam.Agent;

/// <summary>Heartbeats while up, the goodbye on stopping, and sending (one message at a time, each an envelope).</summary>
internal sealed partial class AgentConnection
{
    private async Task HeartbeatsAsync(WebSocket socket, CancellationToken life)
    {
        using var timer = new PeriodicTimer(AgentTimings.Heartbeat, _time);
        try
        {
            do
            {
                _state.SessionsNow(_sessions.Count);
                await SendAsync(socket, "heartbeat", _heartbeat(), AgentJsonContext.Default.HeartbeatPayload, life).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(life).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The receive loop notices a broken socket and reports it.
        }
    }

    private async Task SayGoodbyeAsync(WebSocket socket, CancellationTokenSource silence)
    {
        try
        {
            silence.CancelAfter(AgentTimings.Goodbye);
            using var bound = new CancellationTokenSource(AgentTimings.Goodbye);
            if (_connectedAt is not null)
            {
                await SendAsync(socket, "goodbye", new GoodbyePayload("shutting_down"), AgentJsonContext.Default.GoodbyePayload, bound.Token).ConfigureAwait(false);
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "goodbye", bound.Token).ConfigureAwait(false);
            AgentLog.Goodbye(_logger);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Going anyway: the backend sees the socket close.
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            if (socket.State == WebSocketState.CloseReceived)
            {
                using var bound = new CancellationTokenSource(AgentTimings.Goodbye);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", bound.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
        }
    }

    private async Task SendAsync<T>(WebSocket socket, string type, T payload, JsonTypeInfo<T> info, CancellationToken cancellation)
    {
        var envelope = new OutgoingEnvelope(type, _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            JsonSerializer.SerializeToElement(payload, info));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(envelope, AgentJsonContext.Default.OutgoingEnvelope);
        await _sendLock.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
