namespace PiCam.WebRtc.Ice;

/// <summary>
/// Candidate priorities (RFC 8445 §5.1.2.1): 2^24 × type preference + 2^8 × local preference + (256 − component),
/// with the recommended type preferences 126 host, 110 peer-reflexive, 100 server-reflexive, 0 relayed.
/// </summary>
internal static class IcePriority
{
    public const int Component = 1; // RTP and RTCP share one component (rtcp-mux)

    public static uint TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        _ => 0,
    };

    public static uint Of(IceCandidateType type, ushort localPreference = ushort.MaxValue, int component = Component) =>
        (TypePreference(type) << 24) | ((uint)localPreference << 8) | (uint)(256 - component);
}
