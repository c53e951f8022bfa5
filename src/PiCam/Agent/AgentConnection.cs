using System.Globalization;
using System.Net.Security;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using PiCam.Agent.Messages;
using PiCam.Config;

namespace PiCam.Agent;

/// <summary>
/// One WebSocket to the backend, from connect to close: hello, hello_ack, heartbeats, and the watch messages.
/// Ends (never throws) when the socket ends, goes silent, or the program stops (after a goodbye).
/// </summary>
internal sealed class AgentConnection
{
    public const int MaxSessionIdLength = 128;

    private static readonly string[] Capabilities = ["webrtc", "h264", "ice", "trickle-ice", "turn"];

    private readonly Uri _backend;
    private readonly string _deviceId;
    private readonly PicamSettings _settings;
    private readonly AgentState _state;
    private readonly AgentSessions _sessions;
    private readonly PairingClient _pairing;
    private readonly Func<HeartbeatPayload> _heartbeat;
    private readonly RemoteCertificateValidationCallback? _trust;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MessageReader _reader = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long? _connectedAt;
    private CancellationToken _stopping;
    private bool _acksHeartbeats;

    public AgentConnection(PicamSettings settings, string deviceId, AgentState state, AgentSessions sessions, PairingClient pairing,
        Func<HeartbeatPayload> heartbeat, RemoteCertificateValidationCallback? trust, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _backend = settings.BackendUrl!;
        _deviceId = deviceId;
        _state = state;
        _sessions = sessions;
        _pairing = pairing;
        _heartbeat = heartbeat;
        _trust = trust;
        _time = time;
        _logger = logger;
    }

    public async Task<AgentOutcome> RunAsync(CancellationToken stopping)
    {
        _stopping = stopping;
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = AgentTimings.Ping;
        socket.Options.KeepAliveTimeout = AgentTimings.PongTimeout;
        socket.Options.SetRequestHeader("User-Agent", $"picam/{AppInfo.Version}");
        if (_trust is not null)
        {
            socket.Options.RemoteCertificateValidationCallback = _trust;
        }

        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            connect.CancelAfter(AgentTimings.Connect);
            await socket.ConnectAsync(_backend, connect.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return Ended(stopping.IsCancellationRequested ? "the program is stopping." : $"connecting took longer than {AgentTimings.Connect.TotalSeconds:F0} s.");
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException or System.Security.Authentication.AuthenticationException)
        {
            return Ended(Describe(ex));
        }

        // Cancelling a receive aborts a ClientWebSocket, so the receive loop listens to silence alone; stopping
        // says goodbye and closes, and the loop ends with the backend's close reply (or the goodbye's bound).
        using var silence = new CancellationTokenSource(AgentTimings.HelloAck, _time);
        using var life = new CancellationTokenSource();
        using var onStop = stopping.Register(() => _ = SayGoodbyeAsync(socket, silence));
        Task heartbeats = Task.CompletedTask;
        try
        {
            await SendAsync(socket, "hello", new HelloPayload(_deviceId, _settings.DeviceToken, Capabilities, AppInfo.Version, _settings.Name),
                AgentJsonContext.Default.HelloPayload, silence.Token).ConfigureAwait(false);
            while (true)
            {
                var (text, dropped, closed) = await _reader.ReadAsync(socket, silence.Token).ConfigureAwait(false);
                if (closed)
                {
                    await CloseQuietlyAsync(socket).ConfigureAwait(false);
                    return stopping.IsCancellationRequested ? Ended("the program is stopping.")
                        : Ended($"the backend closed the connection ({(int?)socket.CloseStatus ?? 1005} {Printable.Text(socket.CloseStatusDescription ?? "", 120)}).");
                }

                if (dropped is not null)
                {
                    AgentLog.Dropped(_logger, dropped);
                }
                else if (await HandleAsync(socket, text!.Value, life.Token).ConfigureAwait(false))
                {
                    heartbeats = HeartbeatsAsync(socket, life.Token);
                }

                silence.CancelAfter(stopping.IsCancellationRequested ? AgentTimings.Goodbye
                    : _connectedAt is null ? AgentTimings.HelloAck
                    // A backend that acknowledges heartbeats must keep doing so; one that never does is left to WebSocket pings.
                    : _acksHeartbeats ? AgentTimings.Silence : Timeout.InfiniteTimeSpan);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return Ended("the program is stopping.");
        }
        catch (OperationCanceledException)
        {
            return Ended(_connectedAt is null
                ? $"the backend did not answer hello within {AgentTimings.HelloAck.TotalSeconds:F0} s."
                : $"no message from the backend for {AgentTimings.Silence.TotalSeconds:F0} s (a half-open connection); reconnecting.");
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            return Ended(stopping.IsCancellationRequested ? "the program is stopping." : Describe(ex));
        }
        finally
        {
            await life.CancelAsync().ConfigureAwait(false);
            await heartbeats.ConfigureAwait(false);
        }
    }

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
                // The session outlives this socket; its trickled candidates and a consent end go out on it while it lasts.
                var (answer, reason, message) = _sessions.Offer(id, payload.Sdp, (t, p) => SignalAsync(socket, t, p, life), _stopping);
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

    private static T? Payload<T>(AgentEnvelope envelope, JsonTypeInfo<T> info) where T : class =>
        envelope.Payload is { ValueKind: JsonValueKind.Object } payload ? payload.Deserialize(info)
        : envelope.Payload is null or { ValueKind: JsonValueKind.Null } ? null
        : throw new JsonException("the payload is not an object");

    private AgentOutcome Ended(string reason) =>
        new(_connectedAt is { } at ? _time.GetElapsedTime(at) : TimeSpan.Zero, reason);

    private static string Describe(Exception ex)
    {
        var text = ex.InnerException is { } inner && inner.Message != ex.Message ? $"{ex.Message} ({inner.Message})" : ex.Message;
        text = Printable.Text(text, 200);
        return text.EndsWith('.') ? text : text + ".";
    }
}
