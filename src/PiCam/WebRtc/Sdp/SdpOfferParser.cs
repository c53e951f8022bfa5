using System.Globalization;

namespace PiCam.WebRtc.Sdp;

/// <summary>
/// Reads a WHEP viewer's SDP offer (RFC 8866, JSEP RFC 8829) and checks what we need to answer it. Any
/// problem gives a one-line reason a person can act on, for the 400 reply; nothing here throws on input.
/// </summary>
internal static class SdpOfferParser
{
    public const int MaxLength = 64 * 1024;
    private const int MaxSections = 32;
    private const int MaxLineLength = 4096;

    public static bool TryParse(string? text, out SdpOffer? offer, out string reason)
    {
        offer = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail("The offer is empty; POST the browser's SDP offer as application/sdp.", out reason);
        }

        if (text.Length > MaxLength)
        {
            return Fail($"The offer is larger than {MaxLength / 1024} KiB; send the browser's own offer, unmodified.", out reason);
        }

        if (!text.StartsWith("v=0", StringComparison.Ordinal))
        {
            return Fail("The body is not an SDP offer: it must start with v=0.", out reason);
        }

        var session = new SdpMediaSection("session", 0, "", []);
        var sections = new List<SdpMediaSection>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length > MaxLineLength || line.Length < 2 || line[1] != '=' || line.Any(c => char.IsControl(c) && c != '\t'))
            {
                return Fail("The offer has a malformed line; send the browser's own offer, unmodified.", out reason);
            }

            var value = line[2..];
            switch (line[0])
            {
                case 'm':
                    if (sections.Count == MaxSections)
                    {
                        return Fail($"The offer has more than {MaxSections} media sections.", out reason);
                    }

                    if (!TryParseMedia(value, out var section))
                    {
                        return Fail("The offer has a malformed m= line.", out reason);
                    }

                    sections.Add(section!);
                    break;
                case 'a':
                    var colon = value.IndexOf(':');
                    var attribute = colon < 0 ? new KeyValuePair<string, string>(value, "") : new(value[..colon], value[(colon + 1)..]);
                    (sections.Count == 0 ? session : sections[^1]).Attributes.Add(attribute);
                    break;
            }
        }

        return TryCheck(session, sections, out offer, out reason);
    }

    private static bool TryCheck(SdpMediaSection session, List<SdpMediaSection> sections, out SdpOffer? offer, out string reason)
    {
        offer = null;
        var videoIndex = sections.FindIndex(s => s.Kind == "video" && s.Port != 0);
        if (videoIndex < 0)
        {
            return Fail("The offer has no video section; offer to receive video (addTransceiver('video', {direction: 'recvonly'})).", out reason);
        }

        var video = sections[videoIndex];
        if (video.Protocol != "UDP/TLS/RTP/SAVPF")
        {
            return Fail($"The video section uses {video.Protocol}; only UDP/TLS/RTP/SAVPF (DTLS-SRTP) is served.", out reason);
        }

        if (video.Direction is "sendonly" or "inactive")
        {
            return Fail("The offer does not receive video; make the video transceiver recvonly.", out reason);
        }

        var mid = video.Mid;
        if (mid is null || mid.Length is 0 or > 32 || !mid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return Fail("The video section has no usable a=mid.", out reason);
        }

        var ufrag = video.Attribute("ice-ufrag") ?? session.Attribute("ice-ufrag");
        var pwd = video.Attribute("ice-pwd") ?? session.Attribute("ice-pwd");
        if (!IsIceChars(ufrag, 4, 256) || !IsIceChars(pwd, 22, 256))
        {
            return Fail("The offer has no valid ICE credentials (a=ice-ufrag and a=ice-pwd).", out reason);
        }

        var fingerprintText = video.Attribute("fingerprint") ?? session.Attribute("fingerprint");
        if (fingerprintText is null || !SdpFingerprint.TryParse(fingerprintText, out var fingerprint))
        {
            return Fail("The offer has no valid a=fingerprint for DTLS.", out reason);
        }

        var setup = video.Attribute("setup") ?? session.Attribute("setup");
        if (setup is not ("actpass" or "active"))
        {
            return Fail("The offer must let us be the DTLS server (a=setup:actpass or active).", out reason);
        }

        if (!video.HasAttribute("rtcp-mux"))
        {
            return Fail("The offer must multiplex RTCP with RTP (a=rtcp-mux).", out reason);
        }

        if (!H264FormatChooser.TryChoose(video, out var payloadType, out var fmtp))
        {
            return Fail("The offer has no H.264 baseline with packetization-mode=1; use a browser that can decode H.264, or the MJPEG stream.", out reason);
        }

        var prefix = payloadType.ToString(CultureInfo.InvariantCulture) + " ";
        var feedback = video.AllAttributes("rtcp-fb")
            .Where(f => f.StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => f[prefix.Length..].Trim())
            .Where(f => f is "nack" or "nack pli" or "ccm fir")
            .Distinct()
            .ToList();
        var bundled = session.AllAttributes("group")
            .Any(g => g.StartsWith("BUNDLE ", StringComparison.Ordinal) && g.Split(' ').Skip(1).Contains(mid));

        offer = new SdpOffer
        {
            Sections = sections,
            VideoIndex = videoIndex,
            VideoMid = mid,
            IceUfrag = ufrag!,
            IcePwd = pwd!,
            Fingerprint = fingerprint!,
            Setup = setup,
            H264PayloadType = payloadType,
            H264Fmtp = fmtp,
            Feedback = feedback,
            ReducedSizeRtcp = video.HasAttribute("rtcp-rsize"),
            Bundled = bundled,
        };
        reason = string.Empty;
        return true;
    }

    /// <summary><c>m=&lt;kind&gt; &lt;port&gt;[/n] &lt;proto&gt; &lt;fmt&gt; ...</c></summary>
    private static bool TryParseMedia(string value, out SdpMediaSection? section)
    {
        section = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4 || parts.Length > 260)
        {
            return false;
        }

        var portText = parts[1].Split('/')[0];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        section = new SdpMediaSection(parts[0], port, parts[2], parts[3..]);
        return true;
    }

    /// <summary>ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4).</summary>
    private static bool IsIceChars(string? value, int min, int max) =>
        value is not null && value.Length >= min && value.Length <= max
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/');

    private static bool Fail(string message, out string reason)
    {
        reason = message;
        return false;
    }
}
