namespace PiCam.WebRtc.Whep;

/// <summary>Counts over every session since the server started, ended ones included: the <c>/metrics</c> counters.</summary>
internal readonly record struct WebRtcTotals(long PacketsSent, long Retransmits, long Nacks)
{
    public static WebRtcTotals Of(WebRtcSession session) => new(session.PacketsSent, session.Retransmits, session.Nacks);

    public static WebRtcTotals operator +(WebRtcTotals a, WebRtcTotals b) =>
        new(a.PacketsSent + b.PacketsSent, a.Retransmits + b.Retransmits, a.Nacks + b.Nacks);
}
