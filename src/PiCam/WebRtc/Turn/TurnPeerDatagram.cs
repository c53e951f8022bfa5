using System.Net;

namespace PiCam.WebRtc.Turn;

/// <summary>A datagram a peer sent to the relayed address, as the server passed it on (a Data indication, or ChannelData when <see cref="Channel"/> is not 0).</summary>
internal sealed record TurnPeerDatagram(IPEndPoint Peer, byte[] Data, ushort Channel);
