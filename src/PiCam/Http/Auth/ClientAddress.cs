using System.Net;
using System.Net.Sockets;

namespace PiCam.Http.Auth;

/// <summary>The key failed logins are counted under: the client's IPv4 address, or its IPv6 /64.</summary>
internal static class ClientAddress
{
    /// <summary>
    /// An IPv6 host usually owns a whole /64 and can pick a fresh address for every attempt, so a limit per
    /// IPv6 address would limit nothing. IPv4-mapped IPv6 addresses count as the IPv4 address.
    /// </summary>
    public static string Key(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
