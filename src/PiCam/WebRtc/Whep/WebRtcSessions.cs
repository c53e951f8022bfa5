using System.Collections.Concurrent;

namespace PiCam.WebRtc.Whep;

/// <summary>The live WHEP sessions, found by id (the WHEP resource), by ICE ufrag (STUN) and by remote address (everything else).</summary>
internal sealed class WebRtcSessions
{
    private readonly ConcurrentDictionary<string, WebRtcSession> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WebRtcSession> _byUfrag = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

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
            return _byId.TryRemove(session.Id, out _);
        }
    }

    public IReadOnlyList<WebRtcSession> Snapshot() => [.. _byId.Values];
}
