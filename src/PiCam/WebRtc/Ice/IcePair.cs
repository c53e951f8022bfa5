using System.Net;

namespace PiCam.WebRtc.Ice;

/// <summary>
/// A candidate pair of the checklist (RFC 8445 §6.1.2): one of our bases (the host socket, or the TURN relay)
/// and one of the viewer's addresses, with how our checks on it went.
/// </summary>
internal sealed class IcePair(bool relayed, IPEndPoint remote)
{
    public bool Relayed { get; } = relayed;

    public IPEndPoint Remote { get; } = remote;

    /// <summary>Written by the check loop and the checks it starts; read anywhere.</summary>
    public IcePairState State { get; set; } = IcePairState.Waiting;

    public override string ToString() => Relayed ? $"relay -> {Remote}" : $"host -> {Remote}";
}
