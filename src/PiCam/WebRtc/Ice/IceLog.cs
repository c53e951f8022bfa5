using Microsoft.Extensions.Logging;

namespace PiCam.WebRtc.Ice;

/// <summary>The log events of ICE: candidates, checks, the adopted route and consent (EventIds 1330-1359).</summary>
internal static partial class IceLog
{
    [LoggerMessage(1330, LogLevel.Information, "WebRTC session {Id}: media goes to {Route} (nominated by the viewer: {Nominated}).")]
    public static partial void RouteAdopted(ILogger logger, string id, string route, bool nominated);

    [LoggerMessage(1331, LogLevel.Debug, "WebRTC session {Id}: gathered a {Type} candidate {Address}.")]
    public static partial void Gathered(ILogger logger, string id, IceCandidateType type, System.Net.IPEndPoint address);

    [LoggerMessage(1332, LogLevel.Warning, "WebRTC session {Id}: {Server} gave no candidate ({Reason}); the session goes on with the others.")]
    public static partial void ServerFailed(ILogger logger, string id, string server, string reason);

    [LoggerMessage(1333, LogLevel.Debug, "WebRTC session {Id}: our check on {Pair} {Outcome}.")]
    public static partial void Checked(ILogger logger, string id, string pair, string outcome);

    [LoggerMessage(1334, LogLevel.Information, "WebRTC session {Id}: the viewer has answered no consent check for {Seconds:0} s; the session ends (RFC 7675).")]
    public static partial void ConsentLost(ILogger logger, string id, double seconds);

    [LoggerMessage(1335, LogLevel.Debug, "WebRTC session {Id}: a candidate from the viewer is not used: {Why}")]
    public static partial void RemoteIgnored(ILogger logger, string id, string why);

    [LoggerMessage(1336, LogLevel.Information, "WebRTC session {Id}: ice_servers not used ({Skipped}): this device speaks stun: and turn: over UDP, with a username and credential for TURN.")]
    public static partial void ServersSkipped(ILogger logger, string id, string skipped);

    [LoggerMessage(1337, LogLevel.Debug, "WebRTC session {Id}: no TURN channel to {Peer} ({Reason}).")]
    public static partial void ChannelFailed(ILogger logger, string id, System.Net.IPEndPoint peer, string reason);

    [LoggerMessage(1338, LogLevel.Information, "WebRTC session {Id}: candidates gathered: {Count} besides the host ones in the answer, in {Ms:0} ms.")]
    public static partial void GatheringDone(ILogger logger, string id, int count, double ms);

    [LoggerMessage(1339, LogLevel.Debug, "WebRTC session {Id}: a datagram could not be handled and was dropped ({Dropped} so far): {Reason}")]
    public static partial void DatagramDropped(ILogger logger, string id, long dropped, string reason);

    [LoggerMessage(1340, LogLevel.Error, "WebRTC session {Id}: its ICE agent failed ({Reason}); its sockets and relay are released.")]
    public static partial void Failed(ILogger logger, string id, string reason);
}
