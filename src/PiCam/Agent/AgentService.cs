using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiCam.Agent.Messages;
using PiCam.Capture;
using PiCam.Config;
using PiCam.Http;
using PiCam.Streaming;
using PiCam.WebRtc.Whep;

namespace PiCam.Agent;

/// <summary>
/// The device agent: with BACKEND_URL set, keeps a WebSocket open to the backend (docs/AGENT.md), reconnecting
/// with exponential backoff and jitter (1 s doubling to 60 s, reset after a healthy minute). The LAN server
/// keeps serving beside it.
/// </summary>
internal sealed class AgentService : BackgroundService
{
    private readonly PicamSettings _settings;
    private readonly AgentState _state;
    private readonly WebRtcService _webRtc;
    private readonly FrameHub _hub;
    private readonly ViewerRegistry _viewers;
    private readonly AppInfo _app;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentService> _logger;

    public AgentService(PicamSettings settings, AgentState state, WebRtcService webRtc, FrameHub hub, ViewerRegistry viewers, AppInfo app, TimeProvider time, ILogger<AgentService> logger)
    {
        _settings = settings;
        _state = state;
        _webRtc = webRtc;
        _hub = hub;
        _viewers = viewers;
        _app = app;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_settings.BackendUrl is null)
        {
            return;
        }

        var deviceId = DeviceIdentity.Resolve(_settings, _logger);
        _state.DeviceId = deviceId;
        AgentLog.Starting(_logger, _state.Backend!, deviceId);
        var trust = BackendTrust.Create(_settings.BackendCaFile, _logger);
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = trust },
            ConnectTimeout = AgentTimings.Connect,
        });
        var pairing = new PairingClient(http, _logger);
        var sessions = new AgentSessions(_webRtc, _settings.WebRtcMaxSessions, _time, _logger);
        var backoff = new Backoff(AgentTimings.BackoffStart, AgentTimings.BackoffCap, AgentTimings.Healthy);
        while (!stoppingToken.IsCancellationRequested)
        {
            var connection = new AgentConnection(_settings, deviceId, _state, sessions, pairing, Heartbeat, trust, _time, _logger);
            var outcome = await connection.RunAsync(stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            var delay = backoff.Next(outcome.ConnectedFor);
            _state.Disconnected(outcome.Reason, delay);
            if (outcome.ConnectedFor > TimeSpan.Zero)
            {
                AgentLog.Disconnected(_logger, outcome.Reason, delay.TotalSeconds);
            }
            else
            {
                AgentLog.ConnectFailed(_logger, _state.Backend!, outcome.Reason, delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // The sessions stop with the same token; their relays are freed before the program exits. (On loopback the
        // Refresh wins the race anyway; over a slow link to the TURN server it would not.)
        await sessions.DrainAsync(AgentTimings.Goodbye).ConfigureAwait(false);
    }

    private HeartbeatPayload Heartbeat() => new(
        UptimeS: (long)_time.GetElapsedTime(_app.StartedAt).TotalSeconds,
        Viewers: _viewers.Count + _webRtc.Sessions.Count,
        Fps: Math.Round(_hub.FramesPerSecond, 1),
        Sessions: _state.Report().Sessions);
}
