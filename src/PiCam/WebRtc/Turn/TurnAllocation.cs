using System.Net;

namespace PiCam.WebRtc.Turn;

/// <summary>What a successful Allocate gives: the relayed address peers send to, the client's address as the server saw it, and how long it lasts.</summary>
internal sealed record TurnAllocation(IPEndPoint Relayed, IPEndPoint? Mapped, TimeSpan Lifetime);
