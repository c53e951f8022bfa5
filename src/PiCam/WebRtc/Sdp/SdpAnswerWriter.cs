using System.Globalization;
using System.Text;

namespace PiCam.WebRtc.Sdp;

/// <summary>
/// Writes the answer to a checked offer (JSEP RFC 8829 §5.3): ICE-lite or full with trickle, DTLS passive, the video section
/// sendonly with the one H.264 format chosen, every other section rejected (port 0) in the offer's order.
/// </summary>
internal static class SdpAnswerWriter
{
    public static string Write(SdpOffer offer, SdpAnswerOptions ours)
    {
        var sdp = new StringBuilder(2048);
        void Line(string text) => sdp.Append(text).Append("\r\n");
        var c = CultureInfo.InvariantCulture;

        Line("v=0");
        Line(string.Create(c, $"o=- {ours.SessionId} 2 IN IP4 127.0.0.1"));
        Line("s=-");
        Line("t=0 0");
        if (offer.Bundled)
        {
            Line($"a=group:BUNDLE {offer.VideoMid}");
        }

        Line(ours.IceLite ? "a=ice-lite" : "a=ice-options:trickle");
        Line("a=msid-semantic: WMS picam");
        for (var i = 0; i < offer.Sections.Count; i++)
        {
            var section = offer.Sections[i];
            if (i != offer.VideoIndex)
            {
                Line($"m={section.Kind} 0 {section.Protocol} {section.Formats[0]}");
                Line("c=IN IP4 0.0.0.0");
                if (IsToken(section.Mid))
                {
                    Line($"a=mid:{section.Mid}");
                }

                Line("a=inactive");
                continue;
            }

            var pt = offer.H264PayloadType.ToString(c);
            Line($"m=video 9 UDP/TLS/RTP/SAVPF {pt}");
            Line("c=IN IP4 0.0.0.0");
            Line("a=rtcp:9 IN IP4 0.0.0.0");
            Line($"a=ice-ufrag:{ours.IceUfrag}");
            Line($"a=ice-pwd:{ours.IcePwd}");
            Line($"a=fingerprint:{ours.Fingerprint}");
            Line("a=setup:passive");
            Line($"a=mid:{offer.VideoMid}");
            Line("a=sendonly");
            Line("a=rtcp-mux");
            if (offer.ReducedSizeRtcp)
            {
                Line("a=rtcp-rsize");
            }

            Line($"a=rtpmap:{pt} H264/90000");
            foreach (var feedback in offer.Feedback)
            {
                Line($"a=rtcp-fb:{pt} {feedback}");
            }

            Line($"a=fmtp:{pt} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
            Line("a=msid:picam video");
            Line(string.Create(c, $"a=ssrc:{ours.Ssrc} cname:{ours.Cname}"));
            Line(string.Create(c, $"a=ssrc:{ours.Ssrc} msid:picam video"));
            for (var k = 0; k < ours.Candidates.Count; k++)
            {
                var candidate = ours.Candidates[k];
                // Host type preference 126, local preference falling with each address, component 1 (RFC 8445 §5.1.2.1).
                var priority = (126u << 24) | ((uint)(65535 - k) << 8) | 255;
                Line(string.Create(c, $"a=candidate:{k + 1} 1 udp {priority} {candidate.Address} {candidate.Port} typ host"));
            }

            if (ours.IceLite)
            {
                Line("a=end-of-candidates");
            }
        }

        return sdp.ToString();
    }

    private static bool IsToken(string? mid) =>
        mid is { Length: > 0 and <= 32 } && mid.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.');
}
