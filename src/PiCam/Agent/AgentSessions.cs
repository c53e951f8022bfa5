using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PiCam.WebRtc.Ice;
using PiCam.WebRtc.Sdp;
using PiCam.WebRtc.Whep;

namespace PiCam.Agent;

/// <summary>
/// The watch sessions the backend asked for, each a full ICE agent (<see cref="IceAgent"/>: its own host socket,
/// STUN and TURN from the watch_request's ice_servers, trickled candidates both ways) in front of a
/// <see cref="WebRtcSession"/>. Sessions outlive the socket that set them up; they end with the viewer, with
/// <c>end</c>, or with consent. They need no WEBRTC_PORT (that is the LAN's): each has its own socket.
/// </summary>
internal sealed class AgentSessions
{
    /// <summary>A watch_request whose offer does not come within this long is forgotten (it holds a place meanwhile).</summary>
    public static readonly TimeSpan OfferPatience = TimeSpan.FromSeconds(60);

    /// <summary>How long a stopped session's sockets wait for its run to end before they close anyway.</summary>
    private static readonly TimeSpan FinishPatience = TimeSpan.FromMilliseconds(500);

    private readonly WebRtcService _webRtc;
    private readonly ILogger _logger;
    private readonly int _max;
    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Task, bool> _ending = new();

    public AgentSessions(WebRtcService webRtc, int max, TimeProvider time, ILogger logger)
    {
        _time = time;
        _webRtc = webRtc;
        _max = max;
        _logger = logger;
        Signal = new AgentSignal(logger);
    }

    /// <summary>Where the sessions' own messages (trickled candidates, the device's end) go.</summary>
    public AgentSignal Signal { get; }

    /// <summary>Watch sessions that are asked for or streaming (ones whose WebRTC session has ended, or whose offer never came, are forgotten).</summary>
    public int Count
    {
        get
        {
            foreach (var (id, entry) in _sessions)
            {
                // A started session is forgotten by EndWhenStoppedAsync, which also tells the backend.
                if (entry.Session is null ? _time.GetElapsedTime(entry.RequestedAt) > OfferPatience : !entry.Begun && !_webRtc.Sessions.TryGet(entry.Session.Id, out _))
                {
                    if (_sessions.TryRemove(id, out _) && entry.Ice is { } unstarted)
                    {
                        _ = unstarted.DisposeAsync().AsTask(); // never started: it only holds its socket
                    }
                }
            }

            return _sessions.Count;
        }
    }

    /// <summary>A watch_request: null when accepted, else the end (reason, message) to send back.</summary>
    public (string Reason, string Message)? Request(string sessionId, JsonElement? iceServers)
    {
        if (_sessions.ContainsKey(sessionId))
        {
            return null; // a repeated request for the same session is the same session
        }

        if (Count >= _max)
        {
            return ("too_many_sessions", $"This device already streams to {_max} viewers (WEBRTC_MAX_SESSIONS); try again later.");
        }

        _sessions[sessionId] = new Entry(_time.GetTimestamp(), iceServers?.Clone());
        return null;
    }

    /// <summary>
    /// The viewer's offer: the answer SDP (host candidates in it; the rest trickle through the attached connection
    /// once <see cref="Begin"/> is called), or the end (reason, message) to send back.
    /// </summary>
    public (string? Answer, string Reason, string Message) Offer(string sessionId, string? sdp, CancellationToken stopping)
    {
        if (!_sessions.TryGetValue(sessionId, out var entry))
        {
            if (Request(sessionId, null) is { } refusal)
            {
                return (null, refusal.Reason, refusal.Message);
            }

            entry = _sessions[sessionId];
        }
        else if (entry.Session is not null)
        {
            return (null, "bad_offer", "This session already has an answer; start a new session to renegotiate.");
        }

        if (!SdpOfferParser.TryParse(sdp, out var offer, out var why))
        {
            _sessions.TryRemove(sessionId, out _);
            return (null, "bad_offer", $"The offer cannot be used: {why}");
        }

        System.Net.Sockets.Socket host;
        try
        {
            host = IceAgent.OpenSocket(_webRtc.BindAddress);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            _sessions.TryRemove(sessionId, out _);
            return (null, "media_unavailable", $"This device cannot open a UDP socket for the session ({ex.Message}).");
        }

        var port = ((System.Net.IPEndPoint)host.LocalEndPoint!).Port;
        var candidates = HostCandidates.Find(_webRtc.BindAddress, port, []);
        if (_webRtc.TryStart(offer!, candidates, iceLite: false, stopping) is not var (session, answer))
        {
            host.Dispose();
            _sessions.TryRemove(sessionId, out _);
            return (null, "too_many_sessions", $"This device already streams to {_webRtc.Sessions.Max} viewers (WEBRTC_MAX_SESSIONS); try again later.");
        }

        var skipped = new List<string>();
        var servers = IceServer.Parse(entry.IceServers, skipped);
        if (skipped.Count > 0)
        {
            IceLog.ServersSkipped(_logger, session.Id, string.Join(", ", skipped));
        }

        var agent = new IceAgent(session, host, candidates, servers, c => TrickleAsync(sessionId, offer!, c),
            reason => _webRtc.End(session, reason), _time, _logger);
        _sessions[sessionId] = entry with { Session = session, Ice = agent };
        AgentLog.SessionStarted(_logger, sessionId, Count);
        return (answer, "", "");
    }

    /// <summary>After the answer is sent: the session's ICE agent starts gathering, checking and receiving.</summary>
    public void Begin(string sessionId)
    {
        if (_sessions.TryGetValue(sessionId, out var entry) && entry is { Ice: { } agent, Session: { } session, Begun: false })
        {
            _sessions[sessionId] = entry with { Begun = true };
            agent.Start();
            var ending = EndWhenStoppedAsync(sessionId, agent, session);
            _ending[ending] = true;
            _ = ending.ContinueWith(t => _ending.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    /// <summary>
    /// On the way out: waits (at most <paramref name="bound"/>) for the stopped sessions to close their sockets and
    /// free their relays, so a TURN server is told now rather than holding the allocation to its lifetime.
    /// </summary>
    public async Task DrainAsync(TimeSpan bound)
    {
        try
        {
            await Task.WhenAll(_ending.Keys).WaitAsync(bound, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }

    /// <summary>A candidate the viewer trickled; false when the session is unknown.</summary>
    public bool Candidate(string sessionId, string? candidate)
    {
        if (!_sessions.TryGetValue(sessionId, out var entry))
        {
            return false;
        }

        entry.Ice?.AddRemote(candidate); // before the offer there is no agent yet: the viewer's checks reveal it anyway
        return true;
    }

    public void End(string sessionId, string reason)
    {
        if (_sessions.TryRemove(sessionId, out var entry))
        {
            if (entry.Session is { } session)
            {
                _webRtc.End(session, reason);
            }

            AgentLog.SessionEnded(_logger, sessionId, reason);
        }
    }

    private Task TrickleAsync(string sessionId, SdpOffer offer, IceCandidate? candidate) =>
        Signal.SendAsync("candidate", new Messages.SessionPayload
        {
            SessionId = sessionId,
            Candidate = candidate?.ToSdp() ?? "",
            SdpMid = offer.VideoMid,
            SdpMlineIndex = offer.VideoIndex,
        });

    /// <summary>
    /// When the session stops, its ICE agent closes its sockets and frees its relay; a session that ended on the
    /// device's side (consent lost, a failed handshake, the server stopping) is ended towards the backend too.
    /// </summary>
    private async Task EndWhenStoppedAsync(string sessionId, IceAgent agent, WebRtcSession session)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, session.Stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
        }

        // The media loop leaves at once on the stop; a handshake thread may take longer, and sends nothing that matters.
        await Task.WhenAny(session.Finished, Task.Delay(FinishPatience, _time)).ConfigureAwait(false);
        try
        {
            await agent.DisposeAsync().ConfigureAwait(false); // first: the relay is freed even when the backend is gone
        }
        finally
        {
            var reason = session.EndReason ?? "stopped";
            if (_sessions.TryRemove(sessionId, out _))
            {
                AgentLog.SessionEnded(_logger, sessionId, reason);
                await Signal.SendAsync("end", new Messages.SessionPayload
                {
                    SessionId = sessionId,
                    Reason = "ended_by_device",
                    Message = $"The device ended the session: {reason}.",
                }).ConfigureAwait(false);
            }
        }
    }

    private sealed record Entry(long RequestedAt, JsonElement? IceServers, WebRtcSession? Session = null, IceAgent? Ice = null, bool Begun = false);
}
