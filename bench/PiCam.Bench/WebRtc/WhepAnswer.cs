using System.Globalization;
using System.Net;
using PiCam.WebRtc.Sdp;

namespace PiCam.Bench.WebRtc;

/// <summary>What the load generator needs from the server's SDP answer: its first UDP host candidate, ICE credentials and fingerprint.</summary>
internal sealed record WhepAnswer(IPEndPoint Candidate, string IceUfrag, string IcePassword, SdpFingerprint Fingerprint)
{
    public static WhepAnswer Parse(string sdp)
    {
        IPEndPoint? candidate = null;
        string? ufrag = null, password = null;
        SdpFingerprint? fingerprint = null;
        foreach (var raw in sdp.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                ufrag = line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                password = line["a=ice-pwd:".Length..];
            }
            else if (line.StartsWith("a=fingerprint:", StringComparison.Ordinal))
            {
                if (!SdpFingerprint.TryParse(line["a=fingerprint:".Length..], out fingerprint))
                {
                    throw new InvalidDataException($"the answer's fingerprint is not valid: '{line}'");
                }
            }
            else if (candidate is null && line.StartsWith("a=candidate:", StringComparison.Ordinal))
            {
                // a=candidate:<foundation> <component> udp <priority> <address> <port> typ host
                var parts = line.Split(' ');
                if (parts.Length >= 8 && parts[2].Equals("udp", StringComparison.OrdinalIgnoreCase) && parts[7] == "host"
                    && IPAddress.TryParse(parts[4], out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                    && int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    candidate = new IPEndPoint(address, port);
                }
            }
        }

        return new WhepAnswer(
            candidate ?? throw new InvalidDataException("the answer has no IPv4 UDP host candidate"),
            ufrag ?? throw new InvalidDataException("the answer has no a=ice-ufrag"),
            password ?? throw new InvalidDataException("the answer has no a=ice-pwd"),
            fingerprint ?? throw new InvalidDataException("the answer has no a=fingerprint"));
    }
}
