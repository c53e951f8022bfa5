namespace PiCam.WebRtc.Whep;

/// <summary>One WebRTC session's figures; packets lost are the viewer's own count from its receiver reports.</summary>
internal sealed record WebRtcSessionReport(string State, string? SrtpProfile, long SecondsConnected, long PacketsSent, long BytesSent, int PacketsLost, int KeyframeRequests, long? FirstPictureMs)
{
    public static WebRtcSessionReport From(WebRtcSession session, TimeProvider time) => new(
        State: session.State.ToString().ToLowerInvariant(),
        SrtpProfile: session.Profile,
        SecondsConnected: (long)time.GetElapsedTime(session.CreatedTicks).TotalSeconds,
        PacketsSent: session.PacketsSent,
        BytesSent: session.BytesSent,
        PacketsLost: session.PacketsLost,
        KeyframeRequests: session.KeyframeRequests,
        FirstPictureMs: session.FirstPictureTicks == 0 ? null : (long)time.GetElapsedTime(session.CreatedTicks, session.FirstPictureTicks).TotalMilliseconds);
}
