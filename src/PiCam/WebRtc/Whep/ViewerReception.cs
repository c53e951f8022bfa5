namespace PiCam.WebRtc.Whep;

/// <summary>
/// What the viewer's newest receiver report said about our stream (RFC 3550 §6.4.1): the fraction lost
/// since its previous report (0 to 1), packets lost in all, interarrival jitter, and the round trip worked
/// out from its LSR and DLSR (null until it has echoed one of our sender reports).
/// </summary>
internal sealed record ViewerReception(double FractionLost, int CumulativeLost, double JitterMs, TimeSpan? RoundTrip)
{
    public static readonly ViewerReception None = new(0, 0, 0, null);
}
