namespace PiCam.Bench.WebRtc;

/// <summary>One access unit as received: its RTP timestamp (unwrapped), when its last packet arrived (Unix µs), and whether it was whole.</summary>
internal readonly record struct ReceivedFrame(long RtpTimestamp, long ArrivalMicros, bool Whole, bool Keyframe);
