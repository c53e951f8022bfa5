namespace PiCam.WebRtc.Whep;

/// <summary>
/// One WebRTC session's figures. Packets lost, fraction lost, jitter and the round trip are the viewer's own,
/// from its receiver reports (RTT null until it has echoed a sender report); NACKs are the viewer's requests
/// for lost packets and retransmits the packets sent again for them. Route: <c>direct</c>, <c>relay</c>
/// (through a TURN server), or null before a check has fixed one.
/// </summary>
internal sealed record WebRtcSessionReport(
    string State, string? SrtpProfile, long SecondsConnected, long BitrateBps, long PacketsSent, long BytesSent,
    int PacketsLost, double FractionLost, double? RttMs, double JitterMs, long Nacks, long Retransmits, int KeyframeRequests, long? FirstPictureMs, string? Route)
{
    public static WebRtcSessionReport From(WebRtcSession session, TimeProvider time)
    {
        var reception = session.Reception;
        return new(
            State: session.State.ToString().ToLowerInvariant(),
            SrtpProfile: session.Profile,
            SecondsConnected: (long)time.GetElapsedTime(session.CreatedTicks).TotalSeconds,
            BitrateBps: session.BitrateBps,
            PacketsSent: session.PacketsSent,
            BytesSent: session.BytesSent,
            PacketsLost: reception.CumulativeLost,
            FractionLost: Math.Round(reception.FractionLost, 4),
            RttMs: reception.RoundTrip is { } rtt ? Math.Round(rtt.TotalMilliseconds, 1) : null,
            JitterMs: Math.Round(reception.JitterMs, 2),
            Nacks: session.Nacks,
            Retransmits: session.Retransmits,
            KeyframeRequests: session.KeyframeRequests,
            FirstPictureMs: session.FirstPictureTicks == 0 ? null : (long)time.GetElapsedTime(session.CreatedTicks, session.FirstPictureTicks).TotalMilliseconds,
            Route: session.Route is { } route ? (route.Relayed ? "relay" : "direct") : null);
    }
}
