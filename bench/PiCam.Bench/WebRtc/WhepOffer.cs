using System.Globalization;
using System.Text;
using PiCam.WebRtc.Sdp;

namespace PiCam.Bench.WebRtc;

/// <summary>
/// The SDP offer a receive-only browser makes for H.264: constrained baseline (42e01f) with
/// packetization-mode=1, BUNDLE, rtcp-mux, setup:actpass, our ICE credentials, certificate fingerprint and
/// host candidate (the load generator's UDP socket).
/// </summary>
internal static class WhepOffer
{
    public const int PayloadType = 102;

    public static string Build(string ufrag, string password, SdpFingerprint fingerprint, System.Net.IPEndPoint candidate)
    {
        var c = CultureInfo.InvariantCulture;
        var sdp = new StringBuilder();
        void Line(string text) => sdp.Append(text).Append("\r\n");
        Line("v=0");
        Line(string.Create(c, $"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1"));
        Line("s=-");
        Line("t=0 0");
        Line("a=group:BUNDLE 0");
        Line("a=msid-semantic: WMS");
        Line(string.Create(c, $"m=video 9 UDP/TLS/RTP/SAVPF {PayloadType}"));
        Line("c=IN IP4 0.0.0.0");
        Line("a=rtcp:9 IN IP4 0.0.0.0");
        Line($"a=ice-ufrag:{ufrag}");
        Line($"a=ice-pwd:{password}");
        Line($"a=fingerprint:{fingerprint}");
        Line("a=setup:actpass");
        Line("a=mid:0");
        Line("a=recvonly");
        Line("a=rtcp-mux");
        Line("a=rtcp-rsize");
        Line(string.Create(c, $"a=rtpmap:{PayloadType} H264/90000"));
        Line(string.Create(c, $"a=rtcp-fb:{PayloadType} nack"));
        Line(string.Create(c, $"a=rtcp-fb:{PayloadType} nack pli"));
        Line(string.Create(c, $"a=fmtp:{PayloadType} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"));
        Line(string.Create(c, $"a=candidate:1 1 udp 2122260223 {candidate.Address} {candidate.Port} typ host"));
        Line("a=end-of-candidates");
        return sdp.ToString();
    }
}
