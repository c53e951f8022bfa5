namespace PiCam.WebRtc.Ice;

/// <summary>What <see cref="IceCheckResponder"/> did with a datagram.</summary>
internal enum IceCheckResult
{
    /// <summary>Not a STUN Binding request (or not one for this session): nothing to send.</summary>
    Ignored,

    /// <summary>A valid check: the response is a Binding success carrying the sender's address.</summary>
    Answered,

    /// <summary>A Binding request with missing (400) or wrong (401) credentials: the response is an error.</summary>
    Rejected,
}
