namespace PiCam.WebRtc.Media;

/// <summary>
/// One encoded picture in Annex-B form (start codes included), immutable once published. A keyframe is an
/// IDR access unit; the encoder puts SPS and PPS in front of every one, so it starts a stream on its own.
/// </summary>
internal sealed record H264AccessUnit(long Sequence, byte[] Data, bool IsKeyframe, long CapturedTicks);
