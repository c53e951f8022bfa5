using System.Text.Json.Serialization;
using PiCam.Http.Auth;
using PiCam.Platform.DuckDns;

namespace PiCam.Http.Status;

/// <summary>
/// The <c>/status</c> document. The first six properties are the seed's keys, spelled exactly so
/// (an external dashboard reads them); everything after them is ours.
/// </summary>
internal sealed record StatusReport(
    string Name,
    long UptimeSeconds,
    string Resolution,
    bool Hdr,
    int Clients,
    string Timestamp,
    string Version,
    int Framerate,
    SourceReport Source,
    IReadOnlyList<ViewerReport> Viewers,
    IReadOnlyList<ProblemReport> ConfigProblems,
    SystemReport System,
    [property: JsonPropertyName("duckdns")] DuckDnsReport? DuckDns,
    IReadOnlyList<PeerReport> Peers,
    LoginReport Login,
    [property: JsonPropertyName("webrtc")] PiCam.WebRtc.Whep.WebRtcReport WebRtc,
    PiCam.Agent.AgentReport Agent);
