using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PiCam.WebRtc.Sdp;
using PiCam.WebRtc.Whep;

namespace PiCam.Agent;

/// <summary>
/// The watch sessions the backend asked for, answered through the LAN's WebRTC machinery (ICE-lite, host
/// candidates): a viewer that can reach this device's WEBRTC_PORT gets media. Sessions outlive the socket
/// that set them up; they end with the viewer, with <c>end</c>, or with consent.
/// </summary>
internal sealed class AgentSessions
{
    private readonly WebRtcService _webRtc;
    private readonly ILogger _logger;
    private readonly int _max;
    /// <summary>A watch_request whose offer does not come within this long is forgotten (it holds a place meanwhile).</summary>
    public static readonly TimeSpan OfferPatience = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (WebRtcSession? Session, long RequestedAt)> _sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public AgentSessions(WebRtcService webRtc, int max, TimeProvider time, ILogger logger)
    {
        _time = time;
        _webRtc = webRtc;
        _max = max;
        _logger = logger;
    }

    /// <summary>Watch sessions that are asked for or streaming (ones whose WebRTC session has ended, or whose offer never came, are forgotten).</summary>
    public int Count
    {
        get
        {
            foreach (var (id, (session, requestedAt)) in _sessions)
            {
                if (session is null ? _time.GetElapsedTime(requestedAt) > OfferPatience : !_webRtc.Sessions.TryGet(session.Id, out _))
                {
                    _sessions.TryRemove(id, out _);
                }
            }

            return _sessions.Count;
        }
    }

    /// <summary>A watch_request: null when accepted, else the end (reason, message) to send back.</summary>
    public (string Reason, string Message)? Request(string sessionId)
    {
        if (_webRtc.OffReason is { } off)
        {
            return ("media_unavailable", $"This device cannot stream over WebRTC now: {off}");
        }

        if (_sessions.ContainsKey(sessionId))
        {
            return null; // a repeated request for the same session is the same session
        }

        if (Count >= _max)
        {
            return ("too_many_sessions", $"This device already streams to {_max} viewers (WEBRTC_MAX_SESSIONS); try again later.");
        }

        _sessions[sessionId] = (null, _time.GetTimestamp());
        return null;
    }

    /// <summary>The viewer's offer: the answer SDP, or the end (reason, message) to send back.</summary>
    public (string? Answer, string Reason, string Message) Offer(string sessionId, string? sdp, CancellationToken stopping)
    {
        if (!_sessions.TryGetValue(sessionId, out var existing))
        {
            if (Request(sessionId) is { } refusal)
            {
                return (null, refusal.Reason, refusal.Message);
            }
        }
        else if (existing.Session is not null)
        {
            return (null, "bad_offer", "This session already has an answer; start a new session to renegotiate.");
        }

        if (!SdpOfferParser.TryParse(sdp, out var offer, out var why))
        {
            _sessions.TryRemove(sessionId, out _);
            return (null, "bad_offer", $"The offer cannot be used: {why}");
        }

        if (_webRtc.TryStart(offer!, stopping) is not var (session, answer))
        {
            _sessions.TryRemove(sessionId, out _);
            return (null, "too_many_sessions", $"This device already streams to {_webRtc.Sessions.Max} viewers (WEBRTC_MAX_SESSIONS); try again later.");
        }

        _sessions[sessionId] = (session, _time.GetTimestamp());
        AgentLog.SessionStarted(_logger, sessionId, Count);
        return (answer, "", "");
    }

    public bool Knows(string sessionId) => _sessions.ContainsKey(sessionId);

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
}
