using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PiCam.Agent.Messages;
using PiCam.Config;

namespace PiCam.Agent;

/// <summary>What the connection does with each message: hello_ack, heartbeat_ack, ping, error, and the watch messages, which go to <see cref="AgentSessions"/>.</summary>
internal sealed partial class AgentConnection
{
    /// <summary>Acts on one message; true when it was the hello_ack that makes the connection up.</summary>
    private async Task<bool> HandleAsync(WebSocket socket, ReadOnlyMemory<byte> text, CancellationToken life)
    {
        AgentEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(text.Span, AgentJsonContext.Default.AgentEnvelope);
        }
        catch (JsonException ex)
        {
            AgentLog.Dropped(_logger, $"not a JSON envelope ({Printable.Text(ex.Message, 120)}).");
            return false;
        }

        if (envelope?.Type is not { Length: > 0 and <= 64 } type)
        {
            AgentLog.Dropped(_logger, "no type, or a type longer than 64 characters.");
            return false;
        }

        AgentLog.Received(_logger, Printable.Text(type));
        try
        {
            switch (type)
            {
                case "hello_ack":
                    return Acknowledged(Payload(envelope, AgentJsonContext.Default.HelloAckPayload));
                case "heartbeat_ack":
                    _acksHeartbeats = true;
                    return false;
                case "pong":
                    return false;
                case "ping":
                    await SendAsync(socket, "pong", new SessionPayload(), AgentJsonContext.Default.SessionPayload, life).ConfigureAwait(false);
                    return false;
                case "error":
                    var error = Payload(envelope, AgentJsonContext.Default.ErrorPayload);
                    AgentLog.BackendError(_logger, Printable.Text(error?.Code ?? "unknown", 64), Printable.Text(error?.Message ?? "", 200));
                    if (error?.Code == "unknown_device")
                    {
                        _ = PairAsync(); // the backend may close right after this: pairing outlives the socket
                    }

                    return false;
                case "watch_request" or "offer" or "candidate" or "end":
                    await SessionMessageAsync(socket, type, Payload(envelope, AgentJsonContext.Default.SessionPayload), life).ConfigureAwait(false);
                    return false;
                default:
                    AgentLog.UnknownType(_logger, Printable.Text(type));
                    return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            AgentLog.Dropped(_logger, $"a {Printable.Text(type)} whose payload does not fit the protocol ({Printable.Text(ex.Message, 120)}).");
            return false;
        }
    }

    private bool Acknowledged(HelloAckPayload? ack)
    {
        var first = _connectedAt is null;
        if (first)
        {
            _connectedAt = _time.GetTimestamp();
            _state.Connected();
            AgentLog.Connected(_logger, _state.Backend!, _deviceId);
        }

        if (ack?.Paired == false)
        {
            _ = PairAsync();
        }
        else
        {
            _state.Pairing(null);
        }

        return first;
    }

    private async Task SessionMessageAsync(WebSocket socket, string type, SessionPayload? payload, CancellationToken life)
    {
        if (payload?.SessionId is not { Length: > 0 and <= MaxSessionIdLength } id || id.Any(char.IsControl))
        {
            AgentLog.Dropped(_logger, $"a {type} without a usable session_id (1-{MaxSessionIdLength} printable characters).");
            return;
        }

        switch (type)
        {
            case "watch_request":
                if (_sessions.Request(id, payload.IceServers) is { } refusal)
                {
                    await EndAsync(socket, id, refusal.Reason, refusal.Message, life).ConfigureAwait(false);
                }

                break;
            case "offer":
                // The session outlives this socket; its trickled candidates and its end go out on whichever connection is up.
                var (answer, reason, message) = _sessions.Offer(id, payload.Sdp, _stopping);
                if (answer is null)
                {
                    await EndAsync(socket, id, reason, message, life).ConfigureAwait(false);
                }
                else
                {
                    try
                    {
                        await SendAsync(socket, "answer", new SessionPayload { SessionId = id, Sdp = answer }, AgentJsonContext.Default.SessionPayload, life).ConfigureAwait(false);
                    }
                    finally
                    {
                        _sessions.Begin(id); // even with the answer lost: the session then ends by its handshake timeout, and is tidied up
                    }
                }

                break;
            case "candidate":
                if (!_sessions.Candidate(id, payload.Candidate))
                {
                    AgentLog.UnknownSession(_logger, Printable.Text(id));
                }

                break;
            case "end":
                _sessions.End(id, Printable.Text(payload.Reason ?? "the backend ended it", 120));
                break;
        }

        _state.SessionsNow(_sessions.Count);
    }

    private async Task SignalAsync(WebSocket socket, string type, SessionPayload payload, CancellationToken life)
    {
        try
        {
            await SendAsync(socket, type, payload, AgentJsonContext.Default.SessionPayload, life).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            AgentLog.SignalLost(_logger, type, Printable.Text(payload.SessionId ?? "", MaxSessionIdLength));
        }
    }

    private Task EndAsync(WebSocket socket, string id, string reason, string message, CancellationToken life) =>
        SendAsync(socket, "end", new SessionPayload { SessionId = id, Reason = reason, Message = message }, AgentJsonContext.Default.SessionPayload, life);

    private async Task PairAsync()
    {
        if (await _pairing.RequestAsync(_backend, _deviceId, _stopping).ConfigureAwait(false) is { } code)
        {
            _state.Pairing(code);
            AgentLog.PairingCode(_logger, _deviceId, code);
        }
    }

    private static T? Payload<T>(AgentEnvelope envelope, JsonTypeInfo<T> info) where T : class =>
        envelope.Payload is { ValueKind: JsonValueKind.Object } payload ? payload.Deserialize(info)
        : envelope.Payload is null or { ValueKind: JsonValueKind.Null } ? null
        : throw new JsonException("the payload is not an object");
}
