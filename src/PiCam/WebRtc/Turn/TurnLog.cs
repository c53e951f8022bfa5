using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PiCam.WebRtc.Turn;

/// <summary>The TURN client's log events (EventIds 1200-1249).</summary>
internal static partial class TurnLog
{
    [LoggerMessage(1200, LogLevel.Information, "TURN server {Server} allocated relayed address {Relayed} for {Lifetime} s.")]
    public static partial void Allocated(ILogger logger, IPEndPoint server, IPEndPoint relayed, int lifetime);

    [LoggerMessage(1201, LogLevel.Debug, "TURN server {Server} asked for credentials for realm {Realm}.")]
    public static partial void Challenged(ILogger logger, IPEndPoint server, string realm);

    [LoggerMessage(1202, LogLevel.Debug, "TURN server {Server} called the nonce stale; retrying with the new one.")]
    public static partial void StaleNonce(ILogger logger, IPEndPoint server);

    [LoggerMessage(1203, LogLevel.Debug, "TURN allocation on {Server} refreshed for {Lifetime} s.")]
    public static partial void Refreshed(ILogger logger, IPEndPoint server, int lifetime);

    [LoggerMessage(1204, LogLevel.Warning, "TURN renewal of the {What} failed and will be retried: {Reason}")]
    public static partial void RenewalFailed(ILogger logger, string what, string reason);

    [LoggerMessage(1205, LogLevel.Debug, "TURN allocation on {Server} released.")]
    public static partial void Deallocated(ILogger logger, IPEndPoint server);

    [LoggerMessage(1206, LogLevel.Debug, "TURN allocation on {Server} could not be released: {Reason}")]
    public static partial void DeallocateFailed(ILogger logger, IPEndPoint server, string reason);

    [LoggerMessage(1207, LogLevel.Debug, "TURN client dropped a datagram from {Remote}: {Reason}.")]
    public static partial void Dropped(ILogger logger, EndPoint remote, string reason);

    [LoggerMessage(1208, LogLevel.Debug, "TURN client's receive failed ({Error}); carrying on.")]
    public static partial void ReceiveFailed(ILogger logger, SocketError error);

    [LoggerMessage(1209, LogLevel.Debug, "TURN channel 0x{Channel:x4} bound to peer {Peer}.")]
    public static partial void ChannelBound(ILogger logger, int channel, IPEndPoint peer);
}
