using System.Collections.Concurrent;

namespace PiCam.WebRtc.Whep;

/// <summary>The live WHEP sessions, found by id (the WHEP resource), by ICE ufrag (STUN) and by remote address (everything else).</summary>
internal sealed class WebRtcSessions
{
    private readonly ConcurrentDictionary<string, WebRtcSession> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WebRtcSession> _byUfrag = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private WebRtcTotals _ended;

    public WebRtcSessions(int max) => Max = max;

    public int Max { get; }

    public int Count => _byId.Count;

    public bool TryAdd(WebRtcSession session)
    {
        lock (_gate)
        {
            if (_byId.Count >= Max)
            {
                return false;
            }

            _byId[session.Id] = session;
            _byUfrag[session.LocalUfrag] = session;
            return true;
        }
    }

    public bool TryGet(string id, out WebRtcSession? session) => _byId.TryGetValue(id, out session);

    public WebRtcSession? ByUfrag(string ufrag) => _byUfrag.GetValueOrDefault(ufrag);

    public WebRtcSession? ByRemote(System.Net.IPEndPoint remote)
    {
        foreach (var session in _byId.Values)
        {
            if (remote.Equals(session.Remote))
            {
                return session;
            }
        }

        return null;
    }

    public bool Remove(WebRtcSession session)
    {
        lock (_gate)
        {
            _byUfrag.TryRemove(session.LocalUfrag, out _);
            if (!_byId.TryRemove(session.Id, out _))
            {
                return false;
            }

            _ended += WebRtcTotals.Of(session);
            return true;
        }
    }

    /// <summary>
    /// Ended sessions' counts plus the live ones', read under the lock that retires a session, so the sum never
    /// goes down (what a session sends after it left the list is not counted).
    /// </summary>
    public WebRtcTotals Totals()
    {
        lock (_gate)
        {
            var totals = _ended;
            foreach (var session in _byId.Values)
            {
                totals += WebRtcTotals.Of(session);
            }

            return totals;
        }
    }

    public IReadOnlyList<WebRtcSession> Snapshot() => [.. _byId.Values];
}
