using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PiCam.WebRtc.Ice;

/// <summary>
/// One ICE candidate as SDP carries it (RFC 8839 §5.1):
/// <c>candidate:foundation component transport priority address port typ type [raddr a rport p] [extensions]</c>.
/// Only what this device can use parses: UDP, component 1, a literal IPv4 or IPv6 address (an mDNS <c>.local</c>
/// name is refused: the viewer's checks reveal that address anyway, as a peer-reflexive one).
/// </summary>
internal sealed record IceCandidate(string Foundation, uint Priority, IPEndPoint Address, IceCandidateType Type, IPEndPoint? Related = null)
{
    private const int MaxLength = 512;

    public static bool TryParse(string? text, out IceCandidate? candidate, out string why)
    {
        candidate = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            why = "the candidate is empty (end of candidates).";
            return false;
        }

        if (text.Length > MaxLength)
        {
            why = $"the candidate is longer than {MaxLength} characters.";
            return false;
        }

        var line = text.Trim();
        line = line.StartsWith("a=", StringComparison.Ordinal) ? line[2..] : line;
        line = line.StartsWith("candidate:", StringComparison.Ordinal) ? line["candidate:".Length..] : line;
        var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 8 || f[6] != "typ")
        {
            why = "it is not 'candidate:foundation component transport priority address port typ type'.";
            return false;
        }

        if (f[1] != "1")
        {
            why = $"component {f[1]} is not used (RTP and RTCP share component 1).";
            return false;
        }

        if (!f[2].Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            why = $"transport {f[2]} is not used (UDP only).";
            return false;
        }

        if (!uint.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority) || priority == 0)
        {
            why = $"the priority '{f[3]}' is not a number from 1 to 4294967295.";
            return false;
        }

        if (!TryAddress(f[4], f[5], out var address))
        {
            why = $"'{f[4]} {f[5]}' is not an IP address and port (an mDNS name cannot be reached from here).";
            return false;
        }

        IceCandidateType? type = f[7] switch
        {
            "host" => IceCandidateType.Host,
            "srflx" => IceCandidateType.ServerReflexive,
            "prflx" => IceCandidateType.PeerReflexive,
            "relay" => IceCandidateType.Relayed,
            _ => null,
        };
        if (type is null)
        {
            why = $"the candidate type '{f[7]}' is not host, srflx, prflx or relay.";
            return false;
        }

        IPEndPoint? related = null;
        var raddr = Array.IndexOf(f, "raddr", 8);
        var rport = Array.IndexOf(f, "rport", 8);
        if (raddr > 0 && rport > 0 && raddr + 1 < f.Length && rport + 1 < f.Length)
        {
            TryAddress(f[raddr + 1], f[rport + 1], out related);
        }

        candidate = new IceCandidate(f[0], priority, address!, type.Value, related);
        why = "";
        return true;
    }

    /// <summary>The attribute value, without <c>a=</c>, as a browser's addIceCandidate takes it.</summary>
    public string ToSdp()
    {
        var type = Type switch
        {
            IceCandidateType.Host => "host",
            IceCandidateType.ServerReflexive => "srflx",
            IceCandidateType.PeerReflexive => "prflx",
            _ => "relay",
        };
        var text = string.Create(CultureInfo.InvariantCulture,
            $"candidate:{Foundation} {IcePriority.Component} udp {Priority} {Address.Address} {Address.Port} typ {type}");
        return Related is { } r ? string.Create(CultureInfo.InvariantCulture, $"{text} raddr {r.Address} rport {r.Port}") : text;
    }

    private static bool TryAddress(string host, string port, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (!IPAddress.TryParse(host, out var address)
            || address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            || !ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        endPoint = new IPEndPoint(address, number);
        return true;
    }
}
