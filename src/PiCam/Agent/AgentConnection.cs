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
internal sealed partial class AgentConnection
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
        AgentSignal.Sender? signal = null;
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
                    var token = life.Token; // read now: the source is disposed when this connection ends, and a late signal may still come
                    signal = (type, payload) => SignalAsync(socket, type, payload, token);
                    _sessions.Signal.Attach(signal);
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
            if (signal is not null)
            {
                _sessions.Signal.Detach(signal);
            }

            await life.CancelAsync().ConfigureAwait(false);
            await heartbeats.ConfigureAwait(false);
        }
    }

    private AgentOutcome Ended(string reason) =>
        new(_connectedAt is { } at ? _time.GetElapsedTime(at) : TimeSpan.Zero, reason);

    private static string Describe(Exception ex)
    {
        var text = ex.InnerException is { } inner && inner.Message != ex.Message ? $"{ex.Message} ({inner.Message})" : ex.Message;
        text = Printable.Text(text, 200);
        return text.EndsWith('.') ? text : text + ".";
    }
}
