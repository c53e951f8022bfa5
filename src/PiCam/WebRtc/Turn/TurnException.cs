namespace PiCam.WebRtc.Turn;

/// <summary>A TURN request that failed, with a sentence that says what to do; <see cref="Code"/> is the STUN error code, or 0 for no answer.</summary>
internal sealed class TurnException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
