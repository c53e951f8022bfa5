using PiCam.WebRtc.Turn;
using System.Net;
using System.Net.Sockets;

namespace PiCam.WebRtc.Udp;

/// <summary>
/// Where a session's datagrams go: from a socket straight to the viewer's address, or through a TURN relay,
/// to the TURN server with the 4-byte ChannelData header of the channel bound to the viewer (RFC 8656 §12.4;
/// over UDP no padding is needed). <see cref="Peer"/> is the viewer's address either way.
/// </summary>
internal sealed class DatagramRoute
{
    public const int ChannelHeaderLength = ChannelData.HeaderLength;

    public DatagramRoute(Socket socket, IPEndPoint to, IPEndPoint? peer = null, ushort channel = 0)
    {
        Socket = socket;
        To = to.Serialize();
        Peer = peer ?? to;
        Channel = channel;
    }

    public Socket Socket { get; }

    /// <summary>The address datagrams are sent to: the viewer's, or the TURN server's.</summary>
    public SocketAddress To { get; }

    public IPEndPoint Peer { get; }

    /// <summary>The TURN channel to the viewer, or 0 for a direct route.</summary>
    public ushort Channel { get; }

    public bool Relayed => Channel != 0;

    /// <summary>Sends one datagram; the bytes handed to the socket, 0 when the network lost it (a full buffer, an unreachable host).</summary>
    public int Send(ReadOnlySpan<byte> datagram)
    {
        try
        {
            if (!Relayed)
            {
                return Socket.SendTo(datagram, SocketFlags.None, To);
            }

            Span<byte> framed = stackalloc byte[datagram.Length + ChannelHeaderLength];
            return Socket.SendTo(framed[..ChannelData.Write(Channel, datagram, framed)], SocketFlags.None, To);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return 0; // UDP: lost, as the network would lose it
        }
    }

    public override string ToString() => Relayed ? $"{Peer} through the TURN relay" : Peer.ToString();
}
