namespace PiCam.WebRtc.Ice;

/// <summary>A pair's check state (RFC 8445 §6.1.2.6), without Frozen: one data stream, one component, so every pair may be checked at once.</summary>
internal enum IcePairState
{
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}
