using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PiCam.WebRtc.Whep;

/// <summary>
/// The addresses a browser may reach the shared UDP port on (ICE host candidates): the bound address, or
/// with BIND=* every non-loopback IPv4 address of an interface that is up; then WEBRTC_ADDRESSES (an IP
/// address, or a DNS name resolved when the offer arrives).
/// </summary>
internal static class HostCandidates
{
    public static IPAddress BindAddress(string bind) => bind switch
    {
        "*" or "0.0.0.0" => IPAddress.Any,
        "::" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.TryParse(bind, out var address) ? address : IPAddress.Any,
    };

    /// <summary>The host candidates; <paramref name="unlisted"/> hears why the interfaces could not be listed, if they could not.</summary>
    public static IReadOnlyList<IPEndPoint> Find(IPAddress bound, int port, IReadOnlyList<string> extra, Action<string>? unlisted = null)
    {
        var candidates = new List<IPEndPoint>();
        if (!bound.Equals(IPAddress.Any) && !bound.Equals(IPAddress.IPv6Any))
        {
            candidates.Add(new IPEndPoint(bound, port));
        }
        else
        {
            NetworkInterface[] nics;
            try
            {
                nics = NetworkInterface.GetAllNetworkInterfaces();
            }
            catch (NetworkInformationException ex)
            {
                nics = []; // no netlink socket allowed (a sandbox): only WEBRTC_ADDRESSES are offered, and picam keeps running
                unlisted?.Invoke(ex.Message);
            }

            foreach (var nic in nics)
            {
                if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }

                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    var address = unicast.Address;
                    if (address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
                    {
                        candidates.Add(new IPEndPoint(address, port));
                    }
                }
            }
        }

        foreach (var name in extra)
        {
            IPAddress[] addresses;
            try
            {
                addresses = IPAddress.TryParse(name, out var literal) ? [literal] : Dns.GetHostAddresses(name, AddressFamily.InterNetwork);
            }
            catch (SocketException)
            {
                continue; // a name that does not resolve now is left out of this answer
            }

            foreach (var address in addresses)
            {
                var candidate = new IPEndPoint(address, port);
                if (address.AddressFamily == AddressFamily.InterNetwork && !candidates.Contains(candidate))
                {
                    candidates.Add(candidate);
                }
            }
        }

        return candidates;
    }
}
