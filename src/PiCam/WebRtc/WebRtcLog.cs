using System.Net;
using Microsoft.Extensions.Logging;

namespace PiCam.WebRtc;

/// <summary>WebRTC's log events (EventIds 1000-1099).</summary>
internal static partial class WebRtcLog
{
    [LoggerMessage(1000, LogLevel.Information, "WebRTC is listening on UDP port {Port}; host candidates {Candidates}.")]
    public static partial void Listening(ILogger logger, int port, string candidates);

    [LoggerMessage(1001, LogLevel.Warning, "WebRTC is off: UDP port {Port} cannot be opened ({Reason}). Set WEBRTC_PORT to a free port, or 0 to turn WebRTC off.")]
    public static partial void PortUnavailable(ILogger logger, int port, string reason);

    [LoggerMessage(1002, LogLevel.Information, "WebRTC session {Id} offered ({Count} now).")]
    public static partial void SessionOffered(ILogger logger, string id, int count);

    [LoggerMessage(1003, LogLevel.Information, "WebRTC session {Id} connected from {Remote} ({Profile}).")]
    public static partial void SessionConnected(ILogger logger, string id, IPEndPoint? remote, string profile);

    [LoggerMessage(1004, LogLevel.Information, "WebRTC session {Id} ended: {Reason} ({Count} left).")]
    public static partial void SessionEnded(ILogger logger, string id, string reason, int count);

    [LoggerMessage(1005, LogLevel.Debug, "WebRTC session {Id}: DTLS handshake failed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string id, string reason);

    [LoggerMessage(1006, LogLevel.Warning, "WebRTC refused a viewer: at most {Max} sessions (WEBRTC_MAX_SESSIONS).")]
    public static partial void SessionRefused(ILogger logger, int max);

    [LoggerMessage(1007, LogLevel.Debug, "WebRTC offer refused: {Reason}")]
    public static partial void OfferRefused(ILogger logger, string reason);

    [LoggerMessage(1008, LogLevel.Debug, "WebRTC dropped a datagram from {Remote}: {Reason}")]
    public static partial void DatagramDropped(ILogger logger, IPEndPoint remote, string reason);

    [LoggerMessage(1010, LogLevel.Information, "H.264 encoder started (ffmpeg, pid {Pid}).")]
    public static partial void EncoderStarted(ILogger logger, int pid);

    [LoggerMessage(1011, LogLevel.Information, "H.264 encoder stopped after {AccessUnits} pictures.")]
    public static partial void EncoderStopped(ILogger logger, long accessUnits);

    [LoggerMessage(1012, LogLevel.Warning, "H.264 encoder failed: {Reason}. WebRTC viewers get no picture until it restarts.")]
    public static partial void EncoderFailed(ILogger logger, string reason);

    [LoggerMessage(1013, LogLevel.Warning, "WebRTC needs ffmpeg to encode H.264, and it is not installed: install the ffmpeg package.")]
    public static partial void EncoderMissing(ILogger logger);

    [LoggerMessage(1014, LogLevel.Warning, "WebRTC cannot list the network interfaces ({Reason}), so viewers are offered only WEBRTC_ADDRESSES: allow AF_NETLINK in picam.service, or set WEBRTC_ADDRESSES to this device's address.")]
    public static partial void InterfacesUnlisted(ILogger logger, string reason);
}
