using Microsoft.Extensions.Logging;

namespace PiCam.WebRtc.Whep;

/// <summary>The log events of a session's RTCP: reports, NACKs and retransmission (EventIds 1100-1149).</summary>
internal static partial class SessionRtcpLog
{
    [LoggerMessage(1100, LogLevel.Debug, "WebRTC session {Id}: SRTCP from the viewer did not authenticate or decrypt, dropped ({Dropped} so far).")]
    public static partial void RtcpRefused(ILogger logger, string id, long dropped);

    [LoggerMessage(1101, LogLevel.Debug, "WebRTC session {Id}: the viewer asked again for {Asked} lost packets; {Resent} were still in the history and were resent.")]
    public static partial void Retransmitted(ILogger logger, string id, long asked, long resent);

    [LoggerMessage(1102, LogLevel.Debug, "WebRTC session {Id}: first round trip from a receiver report: {RttMs:0.0} ms.")]
    public static partial void FirstRoundTrip(ILogger logger, string id, double rttMs);

    [LoggerMessage(1103, LogLevel.Debug, "WebRTC session {Id}: a sender report could not be protected (SRTCP index exhausted); none are sent from now on.")]
    public static partial void SenderReportsStopped(ILogger logger, string id);
}
