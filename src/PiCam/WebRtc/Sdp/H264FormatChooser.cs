using System.Globalization;

namespace PiCam.WebRtc.Sdp;

/// <summary>
/// Picks the offered H.264 payload type we can send (RFC 6184 §8.1): packetization-mode=1, and a
/// profile-level-id whose profile is constrained baseline (42e0xx, or 42 with constraint_set1), else
/// plain baseline (42xxxx), which a constrained baseline stream also satisfies.
/// </summary>
internal static class H264FormatChooser
{
    public static bool TryChoose(SdpMediaSection video, out int payloadType, out string fmtp)
    {
        payloadType = -1;
        fmtp = string.Empty;
        var best = 0;
        foreach (var rtpmap in video.AllAttributes("rtpmap"))
        {
            var space = rtpmap.IndexOf(' ');
            if (space <= 0 || !int.TryParse(rtpmap.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt)
                || pt > 127 || !video.Formats.Contains(rtpmap[..space])
                || !rtpmap[(space + 1)..].Trim().Equals("H264/90000", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var parameters = Fmtp(video, pt);
            var score = Score(parameters);
            if (score > best)
            {
                best = score;
                payloadType = pt;
                fmtp = parameters;
            }
        }

        return best > 0;
    }

    private static string Fmtp(SdpMediaSection video, int payloadType)
    {
        var prefix = payloadType.ToString(CultureInfo.InvariantCulture) + " ";
        return video.AllAttributes("fmtp").FirstOrDefault(f => f.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim() ?? string.Empty;
    }

    /// <summary>0 unusable; 1 baseline; 2 constrained baseline; 3 exactly 42e01f.</summary>
    private static int Score(string fmtp)
    {
        string? mode = null, profile = null;
        foreach (var parameter in fmtp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=');
            if (equals > 0)
            {
                var name = parameter[..equals].Trim().ToLowerInvariant();
                var value = parameter[(equals + 1)..].Trim();
                if (name == "packetization-mode")
                {
                    mode = value;
                }
                else if (name == "profile-level-id")
                {
                    profile = value.ToLowerInvariant();
                }
            }
        }

        if (mode != "1" || profile is null || profile.Length != 6
            || !int.TryParse(profile, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id) || id >> 16 != 0x42)
        {
            return 0;
        }

        var constrained = (id & 0x4000) != 0;
        return profile == "42e01f" ? 3 : constrained ? 2 : 1;
    }
}
